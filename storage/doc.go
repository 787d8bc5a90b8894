// Package storage keeps Hashiya's documents, annotations and edit history
// in one SQLite file (modernc.org/sqlite, no cgo), or in a PostgreSQL
// database a team shares (github.com/jackc/pgx/v5; see pgx.go for what
// differs, which is little: the same SQL serves both).
//
// Durability rules the rest of the program relies on:
//
//   - Every user edit is one committed transaction that also appends a row
//     to the edit log (table edits), so nothing acknowledged is ever lost
//     and the log always agrees with the annotations.
//   - Writers use one connection per process and BEGIN IMMEDIATE, so two
//     Hashiya processes on one file queue behind each other (busy timeout)
//     instead of failing; readers use WAL snapshots and never see half an
//     edit. On PostgreSQL, writes run at read committed under advisory
//     locks (writeLock: one per annotator, one for the whole database),
//     and reads are repeatable-read snapshots.
//   - Any failure reaches the caller as an *annotate.Error with one
//     sentence a user can act on, and leaves the file as it was.
//
// Offsets stored here (spans.start, spans.end, documents.length) are
// Unicode code points counted from 0, end exclusive, as in package annotate.
package storage
