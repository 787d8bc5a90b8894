//go:build !darwin && !wasm && !js

package textview

// notchDelta is the scroll delta Fyne's desktop driver reports for one
// wheel notch (its scrollSpeed on Linux, BSD and Windows).
const notchDelta = 25
