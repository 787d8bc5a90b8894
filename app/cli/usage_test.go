package cli

import (
	"strings"
	"testing"
)

func TestUsage(t *testing.T) {
	cmds := map[string]cmdFunc{"import": Import, "export": Export, "stats": Stats, "check": Check, "delete": Delete, "assign": Assign,
		"guidelines": Guidelines, "agree": Agree, "merge": Merge, "copy": Copy}
	for name, cmd := range cmds {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := run(t, cmd, "-h")
			// copy names its two databases with --from and --to.
			dbFlag := "-db FILE"
			if name == "copy" {
				dbFlag = "-from"
			}
			if code != 0 || !strings.Contains(stderr, "usage: hashiya "+name) || !strings.Contains(stderr, dbFlag) {
				t.Errorf("-h: code %d, stderr %q", code, stderr)
			}
			code, _, stderr = run(t, cmd, "--no-such-flag")
			if code != 2 || !strings.Contains(stderr, "flag provided but not defined: -no-such-flag") {
				t.Errorf("bad flag: code %d, stderr %q", code, stderr)
			}
		})
	}
	for _, c := range []struct {
		cmd  cmdFunc
		args []string
		want string
	}{
		{Import, nil, "Name at least one file or folder to import."},
		{Import, []string{"--format", "csv", "x"}, `Unknown format "csv": use one of auto, text, prodigy, doccano.`},
		{Import, []string{"--offsets", "bytes", "x"}, `Unknown offset unit "bytes": use codepoint or utf16.`},
		{Export, []string{"--format", "text"}, `Unknown format "text": use one of prodigy, doccano, stance, stance-csv, conll, spacy, hf.`},
		{Export, []string{"extra"}, "export takes no arguments"},
		{Stats, []string{"extra"}, "stats takes no arguments."},
	} {
		code, stdout, stderr := run(t, c.cmd, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "usage:") || stdout != "" {
			t.Errorf("%v: code %d, stderr %q", c.args, code, stderr)
		}
	}
}
