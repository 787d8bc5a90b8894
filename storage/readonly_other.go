//go:build !unix

package storage

func isReadOnlyFS(error) bool { return false }

// dirWritable cannot be checked cheaply here; SQLite's own error then
// reaches the user.
func dirWritable(string) bool { return true }
