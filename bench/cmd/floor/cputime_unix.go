//go:build unix

package main

import "syscall"

// cpuTimes returns the user and system CPU seconds the process has used.
func cpuTimes() (user, sys float64, err error) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, 0, err
	}
	seconds := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return seconds(u.Utime), seconds(u.Stime), nil
}
