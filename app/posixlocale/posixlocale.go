// Package posixlocale makes Fyne's locale lookup read "C.UTF-8" (and any
// "C.x" or "POSIX.x") as the C locale it is, so that every command runs
// silent under the locale servers and CI machines set. Import it for its
// side effect, from main: `import _ "hashiya/app/posixlocale"`.
//
// Fyne's lang package looks the locale up in an init function, through
// go-locale, which knows "C" and "POSIX" but takes "C.UTF-8" for a
// language tag, fails to parse "C" and logs three lines of "Error
// parsing user locale C" on stderr before main runs. go-locale consults
// LANGUAGE only when the locale is not C, and glibc ignores LANGUAGE
// under the C locale, so setting LANGUAGE=en there changes nothing but
// that lookup: the UI is English, as the C locale means.
//
// This must run before Fyne's init. Go initialises a package once all
// it imports are initialised, choosing among those the first by import
// path (the Go spec, "Package initialization"); this package imports only
// os and strings, which Fyne's lang package needs long before it is
// ready itself (through text/template, whose path sorts after this
// one), so its init always runs first. TestSmokeQuietLocale (package
// main) checks the built binary's stderr under each of these locales.
package posixlocale

import (
	"os"
	"strings"
)

func init() {
	Fix(os.Getenv, os.Setenv)
}

// Fix sets LANGUAGE=en through set when the locale that get reports
// (LC_ALL, else LC_MESSAGES, else LANG: the first one set) is a C or
// POSIX locale with a codeset or modifier, and LANGUAGE is unset. It
// reports whether it did.
func Fix(get func(string) string, set func(string, string) error) bool {
	if get("LANGUAGE") != "" {
		return false
	}
	loc := ""
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = get(name); loc != "" {
			break
		}
	}
	base, _, cut := strings.Cut(loc, ".")
	if !cut {
		base, _, cut = strings.Cut(loc, "@")
	}
	if !cut || (base != "C" && base != "POSIX") {
		return false
	}
	return set("LANGUAGE", "en") == nil
}
