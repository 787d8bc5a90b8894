package textview

import (
	"syscall"
	"time"
)

// threadCPUTime returns the CPU time the calling OS thread has used. On a
// shared machine a benchmark's wall time counts the time other processes
// held the CPU; this does not.
func threadCPUTime() (time.Duration, bool) {
	const rusageThread = 1 // RUSAGE_THREAD, Linux only
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
