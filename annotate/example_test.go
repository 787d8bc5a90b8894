package annotate_test

import (
	"fmt"

	"hashiya/annotate"
)

func ExampleSearch() {
	text := "ارتكب النظام جـ.رائم في إدلب"
	for _, hit := range annotate.Search(text, "جرائم") {
		fmt.Println(hit, annotate.Slice(text, hit[0], hit[1]))
	}
	// Output: [13 20] جـ.رائم
}

func ExampleFreeze() {
	// An imported span covers "b" at code points 3..4 of the CRLF text.
	frozen, m := annotate.Freeze("a\r\nb")
	start, end, ok := m.MapSpan(3, 4)
	fmt.Printf("%q %d %d %v %q\n", frozen, start, end, ok, annotate.Slice(frozen, start, end))
	// Output: "a\nb" 2 3 true "b"
}

func ExampleTokenize() {
	text := "للائتلاف الوطني"
	for _, t := range annotate.Tokenize(text) {
		fmt.Println(annotate.Slice(text, t.Start, t.End), t.Breaks)
	}
	// Output:
	// للائتلاف [1]
	// الوطني []
}

func ExampleNewOffsetIndex() {
	ix := annotate.NewOffsetIndex("a👍🏽b")
	fmt.Println(ix.CodePointToUTF16(3), ix.CodePointToByte(3))
	_, err := ix.UTF16ToCodePoint(2)
	fmt.Println(err)
	// Output:
	// 5 9
	// UTF-16 offset 2 falls inside a character; offsets must fall between characters.
}
