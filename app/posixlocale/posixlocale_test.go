package posixlocale

import "testing"

func TestFix(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"LANG": "C.UTF-8"}, true},
		{map[string]string{"LANG": "C.utf8"}, true},
		{map[string]string{"LANG": "POSIX.UTF-8"}, true},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "ar_SY.UTF-8"}, true},
		{map[string]string{"LC_ALL": "ar_SY.UTF-8", "LANG": "C.UTF-8"}, false},
		{map[string]string{"LANG": "C"}, false}, // go-locale knows these
		{map[string]string{"LANG": "POSIX"}, false},
		{map[string]string{}, false},
		{map[string]string{"LANG": "ar_SY.UTF-8"}, false},
		{map[string]string{"LANG": "en_US.UTF-8"}, false},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "ar"}, false},
	} {
		set := map[string]string{}
		got := Fix(func(k string) string { return c.env[k] }, func(k, v string) error { set[k] = v; return nil })
		if got != c.want || (got && set["LANGUAGE"] != "en") || (!got && len(set) > 0) {
			t.Errorf("%v: Fix = %v, set %v", c.env, got, set)
		}
	}
}
