package annotate

import "testing"

func TestTitleAfterFirst(t *testing.T) {
	for _, tt := range []struct{ in, first, after string }{
		{"أخبار سوريا\nقصف على ريف إدلب يقتل ثلاثة مدنيين\nالنص", "أخبار سوريا", "قصف على ريف إدلب يقتل ثلاثة مدنيين"},
		{"\n  Breaking news \n\n  The headline here \nbody", "Breaking news", "The headline here"},
		{"only line", "only line", "only line"},
		{"same\nsame\nthird", "same", "same"},
		{"", "", ""},
	} {
		if got := FirstLine(tt.in); got != tt.first {
			t.Errorf("FirstLine(%q) = %q, want %q", tt.in, got, tt.first)
		}
		if got := TitleAfterFirst(tt.in); got != tt.after {
			t.Errorf("TitleAfterFirst(%q) = %q, want %q", tt.in, got, tt.after)
		}
	}
	for line, short := range map[string]bool{"أخبار سوريا": true, "a b c": true, "one two three four": false, "": true} {
		if ShortLine(line) != short {
			t.Errorf("ShortLine(%q) = %v", line, !short)
		}
	}
}

func FuzzTitleAfterFirst(f *testing.F) {
	f.Add("أخبار سوريا\nعنوان\nنص")
	f.Fuzz(func(t *testing.T, s string) {
		got := TitleAfterFirst(s)
		if RuneLen(got) > maxTitle {
			t.Fatalf("title %q too long", got)
		}
		if got != "" && Title(s) == "" {
			t.Fatalf("title %q for a blank text", got)
		}
	})
}
