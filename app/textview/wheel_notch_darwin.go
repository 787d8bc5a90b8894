//go:build darwin

package textview

// notchDelta is the scroll delta Fyne's desktop driver reports for one
// wheel notch on macOS.
const notchDelta = 10
