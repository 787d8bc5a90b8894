//go:build !unix

package storage

import "syscall"

// nobody is only needed where tests run as root, i.e. on Unix.
func nobody() *syscall.SysProcAttr { return nil }
