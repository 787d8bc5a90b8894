package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/app/textview"
)

func main() {
	a := app.New()
	w := a.NewWindow("probe")
	strs := []string{"اكتب اسمًا.", "الوثيقة 1 من 8", "هدف من التحديد [T]", "استيراد…", "أُنجز 0 / 8", "حُفظ 11:30:58", "Open ملف"}
	wraps := []struct{ n, pre, post string }{{"raw", "", ""}, {"RLM", "\u200f", "\u200f"}, {"RLE", "\u202b", "\u202c"}, {"RLI", "\u2067", "\u2069"}}
	grid := container.NewGridWithColumns(len(wraps) + 1)
	for _, s := range strs {
		for _, wr := range wraps {
			grid.Add(widget.NewLabel(wr.pre + s + wr.post))
		}
		grid.Add(textview.NewLabel(s))
	}
	b := widget.NewButton("\u202bهدف من التحديد [T]\u202c", nil)
	b2 := widget.NewButton("هدف من التحديد [T]", nil)
	sel := widget.NewSelect([]string{"\u202bالمقال نفسه.\u202c", "المقال نفسه."}, nil)
	e := widget.NewEntry()
	e.SetPlaceHolder("\u202bاسم غير مذكور في النص…\u202c")
	w.SetContent(container.NewVBox(grid, b, b2, sel, e))
	w.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("\u202bملف\u202c", fyne.NewMenuItem("\u202bاستيراد…\u202c", nil), fyne.NewMenuItem("استيراد…", nil))))
	w.Resize(fyne.NewSize(1200, 700))
	w.ShowAndRun()
}
