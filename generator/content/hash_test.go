package content

import (
	"math/rand/v2"
	"testing"
)

// TestHashTellsChangedFilesApart checks what Hash is for: a file that
// changed by one byte, lost its end or gained zero bytes hashes otherwise.
func TestHashTellsChangedFilesApart(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	seen := map[uint64]string{}
	for n := range 80 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		variants := [][]byte{b, append(append([]byte{}, b...), 0), append(append([]byte{}, b...), 0, 0)}
		if n > 0 {
			variants = append(variants, b[:n-1])
		}
		for i := range b {
			for _, bit := range []byte{1, 0x80} {
				c := append([]byte{}, b...)
				c[i] ^= bit
				variants = append(variants, c)
			}
		}
		for _, v := range variants {
			h := Hash(v)
			if was, ok := seen[h]; ok && was != string(v) {
				t.Fatalf("%q and %q hash alike", was, v)
			}
			seen[h] = string(v)
		}
	}
	if Hash([]byte("a")) == Hash([]byte("a\x00")) || Hash(nil) == Hash([]byte{0}) {
		t.Error("trailing zero bytes must change the hash")
	}
}
