//go:build !linux

package textview

import "time"

// threadCPUTime is only measured on Linux.
func threadCPUTime() (time.Duration, bool) { return 0, false }
