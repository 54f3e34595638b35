package models

import (
	"time"
	_ "time/tzdata" // the zone must load on a host without /usr/share/zoneinfo
)

// BusinessZone is the one business time zone: times are stored in UTC and shown in Asia/Shanghai,
// and a daily limit, a bill cycle or a date typed in a form or passed to the API is a day there.
var BusinessZone = mustLoadZone("Asia/Shanghai")

func mustLoadZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil { // cannot happen: time/tzdata is embedded
		panic("models: " + err.Error())
	}
	return loc
}
