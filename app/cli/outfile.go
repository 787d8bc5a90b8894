package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"hashiya/annotate"
)

// An export to a file is written to a temporary file beside it and
// renamed over it when complete, so a failed or killed export never
// leaves half a dataset under the user's name. Renaming replaces
// whatever the name points at, so the target is checked first: only a
// regular file (or a new name) is ever replaced, a symbolic link is
// followed to the file it names, and a replaced file keeps its mode and
// group.

// outTarget is where an export goes and what the finished file's mode
// should be.
type outTarget struct {
	// path is the file to replace or create: -o's argument with any
	// symbolic links followed.
	path string
	// exists reports that path is a file the export replaces, whose
	// mode and gid the new file takes.
	exists bool
	mode   fs.FileMode
	gid    int
}

// resolveOut checks that path can take an export and says where it goes.
// The sentences name what the path is, since "cannot write" alone does
// not tell the user that -o /dev/stdout or a folder was the mistake.
func resolveOut(path string) (outTarget, error) {
	t := outTarget{path: path}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil // a new name
	}
	if err != nil {
		return t, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot look at %s: %v.", path, errors.Unwrap(err)), Err: err}
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return t, annotate.Errorf(annotate.ECodeInvalid, "%s is a symbolic link to nothing that exists; export to the file itself, or remove the link.", path)
		}
		if fi, err = os.Stat(real); err != nil {
			return t, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot look at %s: %v.", real, errors.Unwrap(err)), Err: err}
		}
		t.path = real
	}
	if !fi.Mode().IsRegular() {
		return t, annotate.Errorf(annotate.ECodeInvalid, "%s is %s, not a regular file; export writes only to a regular file or a new name (leave out -o, or write -o -, for standard output).", path, kindOf(fi.Mode()))
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return t, annotate.Errorf(annotate.ECodeInvalid, "%s is read-only; make it writable first or export to another name.", path)
	}
	t.exists, t.mode, t.gid = true, fi.Mode().Perm(), groupOf(fi)
	return t, nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// tmpPrefix and tmpSuffix frame the temporary file's name beside the
// target: ".NAME.hashiya-PID-N.tmp". The PID lets the next export to the
// folder tell a file left by a killed export (its process is gone) from
// one another export is still writing.
const tmpSuffix = ".tmp"

func tmpPrefix(base string) string { return "." + base + ".hashiya-" }

// createTemp makes the temporary file for t. It is created with mode
// 0666 less the umask, as any new file is (os.CreateTemp would make it
// 0600 whatever the umask), or with the replaced file's mode.
func createTemp(t outTarget) (*os.File, error) {
	dir, base := filepath.Dir(t.path), filepath.Base(t.path)
	removeStaleTemps(dir, base)
	perm := fs.FileMode(0o666)
	if t.exists {
		perm = t.mode
	}
	for i := 0; ; i++ {
		name := filepath.Join(dir, tmpPrefix(base)+strconv.Itoa(os.Getpid())+"-"+strconv.Itoa(i)+tmpSuffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && i < 1000 {
			continue
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &annotate.Error{Code: annotate.ECodeNotFound, Message: fmt.Sprintf("The folder %s does not exist; create it or write the export elsewhere.", dir), Err: err}
			}
			return nil, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot write in %s: %v.", dir, errors.Unwrap(err)), Err: err}
		}
		if t.exists {
			// The umask narrowed perm at creation; the replaced file's
			// own mode is what the user chose, so it is set exactly, and
			// its group kept where we may.
			f.Chmod(t.mode)
			if t.gid >= 0 {
				f.Chown(-1, t.gid)
			}
		}
		return f, nil
	}
}

// removeStaleTemps deletes temporary files that exports to base in dir
// left when they were killed: files of our naming whose process no
// longer runs. A kill cannot be caught, so this is where they go.
func removeStaleTemps(dir, base string) {
	pattern := filepath.Join(dir, globEscape(tmpPrefix(base))+"*"+tmpSuffix)
	names, _ := filepath.Glob(pattern)
	for _, name := range names {
		rest := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), tmpPrefix(base)), tmpSuffix)
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if processGone(pid) {
			os.Remove(name)
		}
	}
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
