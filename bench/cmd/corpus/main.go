// Command corpus writes the benchmark corpus: corpus DIR N.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/charter-ssg/charter/bench/corpus"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: corpus DIR N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "corpus: N must be a positive number")
		os.Exit(2)
	}
	if err := corpus.Write(os.Args[1], n); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}
