//go:build wasm || js

package textview

// notchDelta is the scroll delta Fyne's web driver reports for one wheel
// notch.
const notchDelta = 0.2
