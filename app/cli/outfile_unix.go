//go:build unix

package cli

import (
	"errors"
	"io/fs"
	"syscall"
)

// processGone reports whether no process has the ID pid.
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// groupOf is the group ID of the file fi describes, or -1.
func groupOf(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Gid)
	}
	return -1
}
