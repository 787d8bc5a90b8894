//go:build !unix

package storage

func isReadOnlyFS(error) bool { return false }
