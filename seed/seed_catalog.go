package seed

import (
	"time"

	"partnerhub/models"
)

// The demo catalog: the shipped catalog and areas and the reference price list with its history
// (models.InstallCatalog, models.InstallPriceList), 607 ceilings and discounts for some of the demo
// partners' customers.
// Deterministic: everything follows from the seed's now.

// catalog is the seed's step. A database of version 1 (the unversioned world the adoption test
// rebuilds) has no catalog tables: it gets no catalog, as it had none.
func (w *demoWorld) catalog() error {
	if !w.db.Migrator().HasTable(&models.ServiceType{}) {
		return nil
	}
	if err := models.InstallCatalog(w.db); err != nil {
		return err
	}
	if err := models.InstallPriceList(w.db, w.now); err != nil {
		return err
	}
	return w.discounts()
}

// discounts gives the demo partners 607 ceilings and some of their customers discounts of every
// type: the provider's first customers a 607 on everything and a 605 on disks, a reseller's
// customer a 606 from the master distributor.
func (w *demoWorld) discounts() error {
	today := w.now.In(models.BusinessZone)
	from, to := today.AddDate(0, 0, -30).Format(time.DateOnly), today.AddDate(1, 0, 0).Format(time.DateOnly)
	ceilings := []models.DiscountCeiling{{PartnerID: w.provider.ID, MaxOff: models.PercentOf(2000)}}
	for _, r := range w.resellers {
		ceilings = append(ceilings, models.DiscountCeiling{PartnerID: r.ID, MaxOff: models.PercentOf(1500)})
	}
	for i := range ceilings {
		ceilings[i].UpdatedAt = w.now
	}
	if err := w.db.Create(&ceilings).Error; err != nil {
		return err
	}
	var own, ofReseller []models.Customer
	if err := w.db.Where("partner_id = ?", w.provider.ID).Order("id").Limit(3).Find(&own).Error; err != nil {
		return err
	}
	if err := w.db.Where("partner_id = ?", w.resellers[0].ID).Order("id").Limit(1).Find(&ofReseller).Error; err != nil {
		return err
	}
	var ds []models.Discount
	for i, c := range own {
		ds = append(ds, models.Discount{CustomerID: c.ID, Type: models.Discount607, PartnerID: &w.provider.ID, Off: models.PercentOf(int64(1000 + 500*i)), ValidFrom: from, ValidTo: to})
	}
	if len(own) > 0 {
		ds = append(ds, models.Discount{CustomerID: own[0].ID, Type: models.Discount605, ServiceType: "hws.service.type.ebs", Off: models.PercentOf(1200), ValidFrom: from, ValidTo: to})
	}
	for _, c := range ofReseller {
		ds = append(ds, models.Discount{CustomerID: c.ID, Type: models.Discount606, PartnerID: &w.distributor.ID, Off: models.PercentOf(800), ValidFrom: from, ValidTo: to})
	}
	for i := range ds {
		ds[i].UpdatedAt = w.now
	}
	return w.db.Create(&ds).Error
}
