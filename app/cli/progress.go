package cli

import (
	"context"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// ProgressFunc is told how far a long import or export has got: done out
// of total units (bytes read for an import, documents for an export).
type ProgressFunc func(done, total int64)

type progressKey struct{}

// WithProgress returns a context under which Import and Export report
// their progress to fn, at most every 50 ms and once at the end. The
// window uses it to drive a progress bar; fn runs on the command's
// goroutine.
func WithProgress(ctx context.Context, fn ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// meter counts a command's progress for a terminal progress bar, a
// ProgressFunc, both or neither. A nil *meter counts nothing.
type meter struct {
	bar         *progressbar.ProgressBar
	report      ProgressFunc
	done, total int64
	last        time.Time
}

// progress returns a meter for max units of work: a bar on stderr when
// stderr is a terminal (piped output gets only the summary), and the
// context's ProgressFunc if it has one; nil when there is neither.
func (c *command) progress(ctx context.Context, max int64, description string, bytes bool) *meter {
	m := &meter{total: max}
	m.report, _ = ctx.Value(progressKey{}).(ProgressFunc)
	if f, ok := c.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		m.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(c.stderr),
			progressbar.OptionSetDescription(description),
			progressbar.OptionShowBytes(bytes),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	if m.bar == nil && m.report == nil {
		return nil
	}
	return m
}

// Add counts n more units.
func (m *meter) Add(n int) {
	if m == nil {
		return
	}
	m.done += int64(n)
	if m.bar != nil {
		_ = m.bar.Add(n)
	}
	if m.report != nil {
		if now := time.Now(); now.Sub(m.last) >= 50*time.Millisecond {
			m.last = now
			m.report(m.done, m.total)
		}
	}
}

// Write counts len(p) units, so an import can count the bytes it reads.
func (m *meter) Write(p []byte) (int, error) {
	m.Add(len(p))
	return len(p), nil
}

// Finish ends the bar and reports the final count.
func (m *meter) Finish() {
	if m == nil {
		return
	}
	if m.bar != nil {
		_ = m.bar.Finish()
	}
	if m.report != nil {
		m.report(m.done, m.total)
	}
}

// throttled returns a meter that reports to fn at most every 50 ms and
// once at the end; nil, which counts nothing, when fn is nil.
func throttled(fn ProgressFunc) *meter {
	if fn == nil {
		return nil
	}
	return &meter{report: fn}
}

// set moves the count to done of total, for work that says where it is
// rather than how much more it did.
func (m *meter) set(done, total int64) {
	if m == nil {
		return
	}
	m.total = total
	m.Add(int(done - m.done))
}

// bar returns a ProgressFunc drawing a bar on stderr when stderr is a
// terminal (piped output gets only the result), nil otherwise. The bar
// is made at the first report, which brings the total.
func (c *command) bar(description string) ProgressFunc {
	f, ok := c.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var m *meter
	return func(done, total int64) {
		if m == nil {
			m = c.progress(context.Background(), total, description, false)
		}
		m.set(done, total)
		if done == total {
			m.Finish()
		}
	}
}
