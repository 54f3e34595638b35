//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

// Built only with -tags pprof (profiling a benchmark server): PARTNERHUB_PPROF=ADDR serves
// net/http/pprof there.
func init() {
	if addr := os.Getenv("PARTNERHUB_PPROF"); addr != "" {
		go http.ListenAndServe(addr, nil)
	}
}
