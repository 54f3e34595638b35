package models

// Area is a place of the mainland's administrative divisions (GB/T 2260): a province, a city
// (prefecture) or a county (district), by its six-digit code. The API's configuration lookups
// (ListProvinces, ListCities, ListCounties) list them for a customer's address.
type Area struct {
	Code       string `gorm:"primaryKey;size:6;index:ix_area_parent,priority:2"`
	ParentCode string `gorm:"size:6;not null;default:'';index:ix_area_parent,priority:1"`
	Level      int8   `gorm:"not null"` // 1 province, 2 city, 3 county
	NameZH     string `gorm:"size:64;not null"`
	NameEN     string `gorm:"size:64;not null"`
}

// Name of the area in lang.
func (a *Area) Name(lang string) string { return localName(lang, a.NameZH, a.NameEN) }
