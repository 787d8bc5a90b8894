//go:build linux

package storage

import (
	"syscall"
	"time"
)

// threadCPUTime is the CPU time the calling OS thread has used; other
// processes on a shared machine do not inflate it as they do wall time.
func threadCPUTime() time.Duration {
	const rusageThread = 1 // RUSAGE_THREAD, Linux only
	var ru syscall.Rusage
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
