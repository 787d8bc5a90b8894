//go:build !linux

package cli

import "time"

// cpuTime is not measured here; benchmarks then report 0 CPU time.
func cpuTime() time.Duration { return 0 }

// threadCPUTime is not measured here either.
func threadCPUTime() time.Duration { return 0 }

// peakRSS is not measured here either.
func peakRSS() float64 { return 0 }
