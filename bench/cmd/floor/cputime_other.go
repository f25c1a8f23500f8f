//go:build !unix

package main

import "errors"

// cpuTimes is only measured where getrusage exists.
func cpuTimes() (user, sys float64, err error) {
	return 0, 0, errors.New("floor write measures CPU time only on Unix systems")
}
