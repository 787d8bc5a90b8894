//go:build !unix

package cli

import "io/fs"

// processGone cannot tell here, so a stale temporary file is kept rather
// than one that a running export may still be writing removed.
func processGone(pid int) bool { return false }

func groupOf(fs.FileInfo) int { return -1 }
