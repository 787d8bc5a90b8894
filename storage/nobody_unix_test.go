//go:build unix

package storage

import "syscall"

// nobody runs a child process as the unprivileged user nobody (65534).
func nobody() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}
