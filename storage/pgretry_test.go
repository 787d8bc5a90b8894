package storage

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// unsent is an error of pgx's that says nothing reached the server
// (pgconn's connLockError is one; its type is unexported).
type unsent struct{}

func (unsent) Error() string     { return "conn closed" }
func (unsent) SafeToRetry() bool { return true }
func (unsent) Unwrap() error     { return pgconn.ErrConnClosed }

// TestPgAgain is inTx's choice on PostgreSQL: run a failed transaction
// again, report it as possibly saved, or report it as not saved. The
// load test met the "conn closed" cases during a server restart: pgx
// answers so for a connection that broke before, and they were shown
// as internal errors instead of being retried.
func TestPgAgain(t *testing.T) {
	serialization := &pgconn.PgError{Code: "40001"}
	shutdown := &pgconn.PgError{Code: "57P01"}
	unique := &pgconn.PgError{Code: "23505"}
	deallocate := fmt.Errorf("failed to deallocate cached statement(s): %w", unsent{})
	tests := []struct {
		name       string
		err        error
		committing bool
		retry      bool
		ambiguous  bool
	}{
		{"serialization failure", serialization, false, true, false},
		{"serialization failure at commit", serialization, true, true, false},
		{"server shutting down", shutdown, false, true, false},
		// The commit record may be on disk before the server went down.
		{"server shutting down at commit", shutdown, true, false, true},
		{"constraint at commit", unique, true, false, false},
		{"constraint", unique, false, false, false},
		{"connection broke", io.ErrUnexpectedEOF, false, true, false},
		{"connection broke at commit", io.ErrUnexpectedEOF, true, false, true},
		{"connection closed before", fmt.Errorf("exec: %w", pgconn.ErrConnClosed), false, true, false},
		{"cached statements on a closed connection", deallocate, false, true, false},
		{"commit never sent", deallocate, true, true, false},
		{"other", errors.New("boom"), false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			retry, ambiguous := pgAgain(tt.err, tt.committing)
			if retry != tt.retry || ambiguous != tt.ambiguous {
				t.Errorf("pgAgain(%v, %v) = %v, %v; want %v, %v", tt.err, tt.committing, retry, ambiguous, tt.retry, tt.ambiguous)
			}
		})
	}
}
