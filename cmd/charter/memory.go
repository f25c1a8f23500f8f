package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// With Go's defaults a build's peak memory came to 2.7 times its live
// heap: the heap grows to twice the live data before it is collected, and
// the pages a collection frees go back to the system only slowly. So
// charter build sets a soft memory limit (runtime/debug.SetMemoryLimit),
// which counts all of the process's memory and returns freed pages
// eagerly as it nears: memoryFloor while the live heap is small, and
// memoryHeadroom times the live heap beyond that, so a large site is never
// collected again and again to stay under a limit it cannot meet.
const (
	memoryFloor    = 270 << 20
	memoryHeadroom = 1.6
)

// memoryLimit is the soft limit for a live heap of live bytes.
func memoryLimit(live uint64) int64 {
	return max(memoryFloor, int64(float64(live)*memoryHeadroom))
}

// limitMemory keeps the soft memory limit in step with the live heap
// until stop is called, which puts the previous limit back. It does
// nothing when GOMEMLIMIT is set: the user's own limit wins.
func limitMemory(getenv func(string) string) (stop func()) {
	if getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	previous := debug.SetMemoryLimit(memoryFloor)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		// The live heap changes only when a collection ends, a few times
		// a second at most.
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		set := int64(memoryFloor)
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if limit := memoryLimit(live[0].Value.Uint64()); limit != set {
				debug.SetMemoryLimit(limit)
				set = limit
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		debug.SetMemoryLimit(previous)
	}
}
