package main

import (
	"runtime/debug"
	"testing"
)

func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	headroom := memoryHeadroom
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, memoryFloor},
		{100 << 20, memoryFloor},
		{memoryFloor / 2, memoryFloor},
		{1 << 30, int64(float64(1<<30) * headroom)},
	} {
		if got := memoryLimit(c.live); got != c.want {
			t.Errorf("memoryLimit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
	// Above the floor the limit always leaves the heap room to grow.
	if got := memoryLimit(memoryFloor); float64(got) < memoryFloor*memoryHeadroom {
		t.Errorf("a live heap at the floor gets a limit of %d MiB, no room to grow", got>>20)
	}
}

func TestLimitMemorySetsAndRestoresTheLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	stop := limitMemory(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got < memoryFloor || got == before {
		t.Errorf("during a build the limit is %d, want at least %d", got, memoryFloor)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after the build the limit is %d, want the previous %d", got, before)
	}
}

func TestLimitMemoryLeavesTheUsersLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	stop := limitMemory(func(name string) string {
		if name == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	})
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set the limit changed from %d to %d", before, got)
	}
}
