//go:build !linux

package storage

import "time"

// threadCPUTime is not measured here; benchmarks then report 0.
func threadCPUTime() time.Duration { return 0 }
