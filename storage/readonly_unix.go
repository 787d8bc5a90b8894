//go:build unix

package storage

import (
	"errors"
	"syscall"
)

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }

// dirWritable reports whether this process may create files in dir, as
// SQLite must for the write-ahead log next to the database.
func dirWritable(dir string) bool {
	const wOK, xOK = 0x2, 0x1
	return syscall.Access(dir, wOK|xOK) == nil
}
