package views

// StatusExpiring is the issued coupons' status filter for the coupons still to be used that
// expire within models.ExpiringWithin (the home page's count links to it).
const StatusExpiring = "expiring"
