package storage

import (
	"context"
	"testing"

	"hashiya/annotate"
)

func TestSetGuidelines(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	path := db.Path()
	for _, c := range []struct {
		name, md string
		code     annotate.Code // "" when it is stored
		want     string        // the guidelines afterwards
	}{
		{name: "set", md: "# الإرشادات\n- PER: شخص 😀\n", want: "# الإرشادات\n- PER: شخص 😀\n"},
		{name: "control characters", md: "\x00\x01", code: annotate.ECodeInvalid, want: "# الإرشادات\n- PER: شخص 😀\n"},
		{name: "replace", md: "# Rules\n", want: "# Rules\n"},
		{name: "clear", md: "", want: ""},
	} {
		err := db.SetGuidelines(ctx, c.md)
		if got := annotate.ErrorCode(err); (err != nil || c.code != "") && got != c.code {
			t.Errorf("%s: err %v, want code %q", c.name, err, c.code)
		}
		s, err := db.Schema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Guidelines != c.want {
			t.Errorf("%s: guidelines %q, want %q", c.name, s.Guidelines, c.want)
		}
		if len(s.Entities) != len(annotate.DefaultSchema().Entities) {
			t.Errorf("%s: the labels changed: %v", c.name, s.Entities)
		}
	}
	// The change is on disk, not only in the cache.
	if err := db.SetGuidelines(ctx, "kept"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := openAt(t, reopenName(path)).Schema(ctx)
	if err != nil || s.Guidelines != "kept" {
		t.Fatalf("after reopening: %q, %v", s.Guidelines, err)
	}
}
