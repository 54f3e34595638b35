package testfixture

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system) the process has used: the benchmarks report rates per
// CPU-second beside the wall clock's, which on a shared machine says as much about the neighbours.
func CPUTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
