package annotate

import (
	"strings"
	"testing"
)

func TestParseGuidelines(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		bad            bool
	}{
		{name: "plain", in: "# Rules\n- one\n", want: "# Rules\n- one\n"},
		{name: "arabic", in: "# الإرشادات\nنص 😀", want: "# الإرشادات\nنص 😀"},
		{name: "bom and crlf", in: "\uFEFF# A\r\nb\rc", want: "# A\nb\nc"},
		{name: "empty", in: "", want: ""},
		{name: "tab", in: "a\tb", want: "a\tb"},
		{name: "latin-1", in: "caf\xe9", bad: true},
		{name: "nul", in: "PK\x03\x04\x00", bad: true},
		{name: "escape", in: "a\x1b[2Jb", bad: true},
		{name: "too large", in: strings.Repeat("a", MaxGuidelines+1), bad: true},
	} {
		got, err := ParseGuidelines([]byte(c.in))
		if c.bad {
			if err == nil || ErrorCode(err) != ECodeInvalid {
				t.Errorf("%s: err %v, want an invalid-value error", c.name, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}
