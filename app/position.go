package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
)

// Reading positions: each document reopens with the caret where the
// annotator left it. They live in the preferences, not the database:
// they are a convenience of one person's desk, not part of the work, and
// the preferences file is written by Fyne as soon as it changes, which
// is durable enough for something that costs a click to lose. They are
// kept per database file and annotator, for the last maxPositions
// documents opened, so the file stays small on a 100,000-document
// corpus.
//
// Only the caret is kept: the text view scrolls the caret into view, so
// the caret is also the scroll position, to within a screen.

const maxPositions = 500

// position is where the annotator was in one document.
type position struct {
	Doc   int64 `json:"doc"`
	Caret int   `json:"caret"` // code point offset, from 0
}

// positionsKey is the preference key for this database and annotator.
// The path is hashed: preference keys are not meant to hold slashes.
func positionsKey(dbPath, annotator string) string {
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	sum := sha256.Sum256([]byte(dbPath + "\x00" + annotator))
	return "positions_" + hex.EncodeToString(sum[:12])
}

// loadPositions reads the positions, most recent first; a damaged value
// is no positions rather than an error, since nothing depends on it.
func loadPositions(prefs fyne.Preferences, key string) []position {
	var ps []position
	if s := prefs.String(key); s != "" {
		if json.Unmarshal([]byte(s), &ps) != nil {
			return nil
		}
	}
	return ps
}

// rememberPosition records caret for doc, first in the list.
func rememberPosition(prefs fyne.Preferences, key string, doc int64, caret int) {
	ps := loadPositions(prefs, key)
	ps = slices.DeleteFunc(ps, func(p position) bool { return p.Doc == doc })
	ps = append([]position{{Doc: doc, Caret: caret}}, ps...)
	if len(ps) > maxPositions {
		ps = ps[:maxPositions]
	}
	if b, err := json.Marshal(ps); err == nil {
		prefs.SetString(key, string(b))
	}
}

// savedPosition is the caret last left in doc, if any.
func savedPosition(prefs fyne.Preferences, key string, doc int64) (int, bool) {
	for _, p := range loadPositions(prefs, key) {
		if p.Doc == doc {
			return p.Caret, true
		}
	}
	return 0, false
}

// lastDocument is the document the annotator had open last, 0 for none.
func lastDocument(prefs fyne.Preferences, key string) int64 {
	if ps := loadPositions(prefs, key); len(ps) > 0 {
		return ps[0].Doc
	}
	return 0
}

// savePosition remembers where the caret is in the open document.
func (w *workspace) savePosition() {
	if w.cur < 0 || w.doc.ID == 0 {
		return
	}
	rememberPosition(w.prefs, positionsKey(w.store.Path(), w.annotator), w.doc.ID, w.text.Caret())
}

// restorePosition puts the caret back where the annotator left doc.
func (w *workspace) restorePosition() {
	c, ok := savedPosition(w.prefs, positionsKey(w.store.Path(), w.annotator), w.doc.ID)
	if ok && c > 0 && c <= len(w.runes) {
		w.text.SetSelection(c, c)
	}
}
