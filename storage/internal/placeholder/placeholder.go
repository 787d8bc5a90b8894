// Package placeholder rewrites SQLite's query placeholders as
// PostgreSQL's, so that storage (and the tests that reach behind it)
// write one SQL for both backends.
package placeholder

import (
	"strconv"
	"strings"
)

// Rebind rewrites SQLite's placeholders (? and ?NNN) as PostgreSQL's
// ($1, $NNN), leaving string literals, quoted names and comments alone.
// A bare ? takes the number after the largest used so far, as in SQLite.
func Rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	top := 0 // the largest placeholder number so far
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch c {
		case '\'', '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case '/':
			if strings.HasPrefix(q[i:], "/*") {
				j := strings.Index(q[i+2:], "*/")
				if j < 0 {
					b.WriteString(q[i:])
					return b.String()
				}
				b.WriteString(q[i : i+j+4])
				i += j + 3
				continue
			}
			b.WriteByte(c)
		case '-':
			if strings.HasPrefix(q[i:], "--") {
				j := strings.IndexByte(q[i:], '\n')
				if j < 0 {
					b.WriteString(q[i:])
					return b.String()
				}
				b.WriteString(q[i : i+j])
				i += j - 1
				continue
			}
			b.WriteByte(c)
		case '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := top + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			top = max(top, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
