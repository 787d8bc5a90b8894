// Package app is Hashiya's desktop UI, built with Fyne: the main window,
// its screens and the theme that carries the bundled Arabic font.
//
// The window's content is a workspace (workspace.go) bound to one
// database and one annotator; switching either builds a new one. All
// database work runs off the UI goroutine, one job after another, and
// reaches the screen through fyne.Do only once committed.
package app

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"hashiya/assets"
	"hashiya/storage"
)

// ID is the application ID; Fyne keys preferences and storage on it.
const ID = "org.hashiya.app"

// Options are what the command line tells the UI.
type Options struct {
	// Annotator is the name the annotator works under; empty means ask.
	Annotator string
}

// Run opens the main window on db and blocks until the window closes.
func Run(db *storage.DB, opts Options) {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	a.Settings().SetTheme(Theme())
	setupLanguage(a.Preferences())

	w := a.NewWindow(windowTitle(db.Path()))
	w.SetMaster()
	w.Resize(fyne.NewSize(1280, 800))
	sh := &shell{app: a, win: w, opts: opts, store: db, newText: newTextView}
	sh.begin()
	// Positions are preferences, which Fyne may not write once the
	// window is gone: remember the last one while it is still there.
	w.SetCloseIntercept(func() { sh.savePosition(); w.Close() })
	quitOnSignal(a)
	go sh.flushActivityEvery(2 * time.Minute)
	w.ShowAndRun()
	// Not a Lifecycle OnStopped hook: in Fyne 2.7.1 the GL driver may
	// drop that hook, or panic sending it to its closed queue, when the
	// app quits.
	sh.stop()
}

// shell owns the window and swaps workspaces in it when the annotator or
// the database changes.
type shell struct {
	app     fyne.App
	win     fyne.Window
	opts    Options
	store   Store
	ws      *workspace
	newText func(h viewHooks) textView
	// run is handed to each workspace; nil gives each its own queue.
	run func(func())
	// opened is a database the shell opened itself (File > Open), which
	// it closes when it moves on; the one Run was given belongs to main.
	opened *storage.DB
}

// begin shows the workspace, first asking the annotator's name when
// neither the command line nor the preferences know it.
func (sh *shell) begin() {
	prefs := sh.app.Preferences()
	name := annotatorFor(sh.opts, prefs)
	if name != "" {
		sh.show(name)
		return
	}
	askAnnotator(sh.win, prefs, "", false, sh.show)
}

// show puts a fresh workspace for annotator on the current database.
func (sh *shell) show(annotator string) {
	if sh.ws != nil {
		sh.ws.activity.flush()
		sh.ws.savePosition()
		sh.ws.stopIndexing() // the new workspace carries on from where it stops
	}
	ws := newWorkspace(context.Background(), sh.win, sh.app.Preferences(), sh.store, annotator, sh.newText, sh.run)
	sh.ws = ws
	sh.win.SetTitle(windowTitle(sh.store.Path()))
	sh.win.SetContent(ws.content())
	sh.win.SetMainMenu(ws.menu(sh.fileItems()))
	ws.bindKeys(sh.win.Canvas())
	ws.start()
}

// fileItems is the File menu.
func (sh *shell) fileItems() []*fyne.MenuItem {
	return []*fyne.MenuItem{
		fyne.NewMenuItem(tr("Open database…"), sh.onOpenDatabase),
		fyne.NewMenuItem(tr("New database…"), sh.onNewDatabase),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("Import…"), sh.onImport),
		fyne.NewMenuItem(tr("Export…"), sh.onExport),
		fyne.NewMenuItem(tr("Merge…"), sh.onMerge),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("Statistics…"), sh.onStats),
		fyne.NewMenuItem(tr("Check database…"), sh.onCheck),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("Change annotator…"), sh.onChangeAnnotator),
		languageMenu(sh.app.Preferences(), sh.win),
		fyne.NewMenuItemSeparator(),
		quitItem(sh.app, sh.savePosition),
	}
}

// savePosition remembers where the annotator is in the open document.
func (sh *shell) savePosition() {
	if sh.ws != nil {
		sh.ws.savePosition()
	}
}

func (sh *shell) onChangeAnnotator() {
	// Working as someone else leaves curation, also for the next start.
	askAnnotator(sh.win, sh.app.Preferences(), sh.ws.annotator, true, func(name string) {
		sh.ws.curation.remember("", nil)
		sh.show(name)
	})
}

// flushActivityEvery writes the active time counted so far every
// period, so a crash or a power cut loses at most that much of it.
func (sh *shell) flushActivityEvery(period time.Duration) {
	for range time.Tick(period) {
		fyne.Do(func() {
			if sh.ws != nil {
				sh.ws.activity.flush()
			}
		})
	}
}

// async runs slow work that belongs to no workspace (opening a
// database, an import) off the UI goroutine.
func (sh *shell) async(f func()) {
	if sh.run != nil {
		sh.run(f)
		return
	}
	go f()
}

// stop writes the active time still counted and waits, briefly, for
// queued database work, so quitting right after an edit loses nothing.
// It runs once the window has closed.
func (sh *shell) stop() {
	if sh.ws == nil {
		return
	}
	sh.ws.activity.flush()
	sh.ws.savePosition()
	// Else the wait below could be for the rest of the indexing; what is
	// left waits for the next opening.
	sh.ws.stopIndexing()
	done := make(chan struct{})
	sh.ws.run(func() { close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	if sh.opened != nil {
		sh.opened.Close()
	}
}

// quitItem is File > Quit on Ctrl+Q. Quitting closes the window the normal
// way, so the database is closed cleanly after the last committed edit.
func quitItem(a fyne.App, before func()) *fyne.MenuItem {
	q := fyne.NewMenuItem(tr("Quit"), func() { before(); a.Quit() })
	q.IsQuit = true
	q.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	return q
}

// windowTitle names the database in the title bar, so an annotator with
// two databases open can tell the windows apart.
func windowTitle(dbPath string) string {
	return "Hashiya — " + filepath.Base(dbPath)
}

// quitOnSignal makes SIGTERM and SIGINT close the app the normal way, so
// a session manager or Ctrl+C in a terminal never cuts a write short.
func quitOnSignal(a fyne.App) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-ch
		fyne.Do(a.Quit)
	}()
}
