package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	hstorage "hashiya/storage"
)

// File > Open database and File > New database: pick a file, open it off
// the UI goroutine, and move the workspace to it under the same
// annotator. The database being left is closed once its queued work is
// done, unless main owns it.

func (sh *shell) onOpenDatabase() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			sh.ws.status.fail(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		sh.switchTo(path, false)
	}, sh.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".sqlite", ".hashiya"}))
	d.Show()
}

func (sh *shell) onNewDatabase() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			sh.ws.status.fail(err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		sh.switchTo(path, true)
	}, sh.win)
	d.SetFileName("hashiya.db")
	d.Show()
}

// switchTo opens the database at path and shows it; only File › New
// (create) may make one. A file the save dialog just created is empty;
// storage.Open turns an empty file into a new database, while File › Open
// refuses a missing or empty file with a sentence.
func (sh *shell) switchTo(path string, create bool) {
	annotator := sh.ws.annotator
	old, oldWS := sh.opened, sh.ws
	open := hstorage.OpenExisting
	if create {
		open = hstorage.Open
	}
	sh.async(func() {
		db, err := open(path)
		fyne.Do(func() {
			if err != nil {
				sh.ws.status.fail(err)
				return
			}
			sh.store, sh.opened = db, db
			sh.show(annotator)
			if old != nil {
				oldWS.run(func() { old.Close() })
			}
		})
	})
}
