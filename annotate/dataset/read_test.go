package dataset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"hashiya/annotate"
)

// utf16LE and utf16BE encode s as UTF-16 without a byte-order mark.
func utf16LE(s string) string { return utf16Bytes(s, binary.LittleEndian) }
func utf16BE(s string) string { return utf16Bytes(s, binary.BigEndian) }

func utf16Bytes(s string, order binary.AppendByteOrder) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return string(b)
}

// readAll reads every record and line error of one input.
func readAll(t testing.TB, input string, f Format, opts Options) ([]Record, []*LineError, error) {
	t.Helper()
	r := NewReader(strings.NewReader(input), "in.jsonl", f, opts)
	defer r.Close()
	var recs []Record
	var bad []*LineError
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, bad, nil
		}
		var le *LineError
		if errors.As(err, &le) {
			bad = append(bad, le)
			continue
		}
		if err != nil {
			return recs, bad, err
		}
		recs = append(recs, rec)
	}
}

// summary renders records compactly: text | label[start,end)=text ...
func summary(recs []Record) string {
	var b strings.Builder
	for _, r := range recs {
		fmt.Fprintf(&b, "%d:%q", r.Line, r.Doc.Text)
		for _, s := range r.Spans {
			fmt.Fprintf(&b, " %s[%d,%d)=%q", s.Label, s.Start, s.End, s.Text)
		}
		if r.Status != "" {
			fmt.Fprintf(&b, " status=%s", r.Status)
		}
		if len(r.Doc.Meta) > 0 {
			fmt.Fprintf(&b, " meta=%s", r.Doc.Meta)
		}
		b.WriteString("\n")
	}
	return b.String()
}

type readCase struct {
	name    string
	format  Format
	offsets Offsets
	strip   []string
	max     int
	in      string
	want    string // summary of the records
	errs    []string
	codes   []annotate.Code
}

var readCases = []readCase{
	{name: "prodigy arabic", format: Prodigy,
		in:   `{"text":"التقى وفد من الائتلاف الوطني","spans":[{"start":13,"end":28,"label":"ORG"}],"meta":{"source":"x"}}`,
		want: "1:\"التقى وفد من الائتلاف الوطني\" ORG[13,28)=\"الائتلاف الوطني\" meta={\"source\":\"x\"}\n"},
	{name: "prodigy answer and hashiya meta", format: Prodigy,
		in:   `{"text":"Obama spoke.","spans":[{"start":0,"end":5,"label":"PER","text":"Obama"}],"answer":"reject","meta":{"a":1,"hashiya_offsets":"codepoint","hashiya_status":"in_progress","hashiya_document_id":4}}`,
		want: "1:\"Obama spoke.\" PER[0,5)=\"Obama\" status=in_progress meta={\"a\":1}\n"},
	{name: "prodigy reject is skipped", format: Prodigy,
		in:   `{"text":"x y","answer":"ignore"}` + "\n\n" + `{"text":"y z","answer":"accept"}` + "\n",
		want: "1:\"x y\" status=skipped\n3:\"y z\" status=done\n"},
	{name: "emoji codepoint", format: Prodigy,
		in:   `{"text":"👍🏽 Paris","spans":[{"start":3,"end":8,"label":"LOC"}]}`,
		want: "1:\"👍🏽 Paris\" LOC[3,8)=\"Paris\"\n"},
	{name: "emoji utf16", format: Doccano, offsets: UTF16,
		in:   `{"text":"👍🏽 Paris","label":[[5,10,"LOC"]]}`,
		want: "1:\"👍🏽 Paris\" LOC[3,8)=\"Paris\"\n"},
	{name: "crlf moves spans", format: Prodigy,
		in:   `{"text":"One\r\nTwo\r\nUnited Nations","spans":[{"start":10,"end":24,"label":"ORG","text":"United Nations"}]}`,
		want: "1:\"One\\nTwo\\nUnited Nations\" ORG[8,22)=\"United Nations\"\n"},
	{name: "nfc moves spans", format: Prodigy,
		in:   `{"text":"Cafe\u0301 Rome","spans":[{"start":0,"end":5,"label":"ORG"},{"start":6,"end":10,"label":"LOC"}]}`,
		want: "1:\"Café Rome\" ORG[0,4)=\"Café\" LOC[5,9)=\"Rome\"\n"},
	{name: "harakat", format: Doccano,
		in:   `{"text":"قَالَ مُحَمَّدٌ","label":[[6,15,"PER"]]}`,
		want: "1:\"قَالَ مُحَمَّدٌ\" PER[6,15)=\"مُحَمَّدٌ\"\n"},
	{name: "doccano entities and cats", format: Doccano,
		in:   `{"id":7,"text":"Rome","entities":[{"id":1,"start_offset":0,"end_offset":4,"label":"LOC"}],"relations":[],"cats":["news"],"Comments":[]}`,
		want: "1:\"Rome\" LOC[0,4)=\"Rome\" meta={\"Comments\":[],\"cats\":[\"news\"]}\n"},
	{name: "doccano classification labels are cats", format: Doccano,
		in:   `{"text":"Rome","label":["sport","politics"]}`,
		want: "1:\"Rome\" meta={\"cats\":[\"sport\",\"politics\"]}\n"},
	{name: "nested spans", format: Prodigy,
		in:   `{"text":"Bank of France","spans":[{"start":0,"end":14,"label":"ORG"},{"start":8,"end":14,"label":"LOC"}]}`,
		want: "1:\"Bank of France\" ORG[0,14)=\"Bank of France\" LOC[8,14)=\"France\"\n"},
	{name: "strip lines", format: Prodigy, strip: []string{"زر الذهاب إلى الأعلى", "إقرأ أيضاً:"},
		in:   `{"text":"خبر\nإقرأ أيضاً: رابط\nفي دمشق\r\nزر الذهاب إلى الأعلى\n","spans":[{"start":24,"end":28,"label":"LOC"}]}`,
		want: "1:\"خبر\\nفي دمشق\\n\" LOC[7,11)=\"دمشق\"\n"},
	{name: "text file", format: Text, in: "Hello\r\nWorld\r\n", want: "0:\"Hello\\nWorld\\n\"\n"},
	{name: "byte order mark", format: Auto, in: "\uFEFF" + `{"text":"a b"}`, want: "1:\"a b\"\n"},
	{name: "byte order mark text", format: Text, in: "\uFEFFa b", want: "0:\"a b\"\n"},
	{name: "auto prodigy", format: Auto, in: `{"text":"a b","spans":[]}`, want: "1:\"a b\"\n"},
	{name: "auto doccano", format: Auto, in: `{"text":"Rome","label":[[0,4,"LOC"]]}`, want: "1:\"Rome\" LOC[0,4)=\"Rome\"\n"},

	// Bad input: each line is reported with its reason; the good ones come through.
	{name: "not json", format: Prodigy, in: "{\"text\":\"ok\"}\nnot json\n{\"text\": \"a\",}\n",
		want:  "1:\"ok\"\n",
		errs:  []string{"in.jsonl:2: The line is not a JSON object", "in.jsonl:3: The line is not valid JSON"},
		codes: []annotate.Code{annotate.ECodeInvalid, annotate.ECodeInvalid}},
	{name: "invalid utf8", format: Prodigy, in: "{\"text\":\"a\xff\"}\n",
		errs: []string{"in.jsonl:1: The line is not valid UTF-8"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "invalid utf8 text file", format: Text, in: "ok\nbad \xc3\x28\n",
		errs: []string{"in.jsonl:2: The file is not valid UTF-8"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "no text", format: Prodigy, in: `{"meta":{}}`,
		errs: []string{"in.jsonl:1: The task has no \"text\"."}, codes: []annotate.Code{annotate.ECodeEmpty}},
	{name: "empty text", format: Doccano, in: `{"text":"  \n"}`,
		errs: []string{"in.jsonl:1: The text is empty."}, codes: []annotate.Code{annotate.ECodeEmpty}},
	{name: "empty text file", format: Text, in: "\r\n",
		errs: []string{"in.jsonl: The text is empty."}, codes: []annotate.Code{annotate.ECodeEmpty}},
	{name: "out of range", format: Prodigy, in: `{"text":"abc","spans":[{"start":1,"end":9,"label":"PER"}]}`,
		errs: []string{"in.jsonl:1: spans[0] [1, 9) is out of range: the text has 3 characters."}, codes: []annotate.Code{annotate.ECodeOutOfRange}},
	{name: "negative", format: Doccano, in: `{"text":"abc","label":[[-1,2,"PER"]]}`,
		errs: []string{"in.jsonl:1: label[0] [-1, 2) is out of range"}, codes: []annotate.Code{annotate.ECodeOutOfRange}},
	{name: "start after end", format: Prodigy, in: `{"text":"abcdef","spans":[{"start":4,"end":2,"label":"PER"}]}`,
		errs: []string{"in.jsonl:1: spans[0] starts after it ends (start 4, end 2)."}, codes: []annotate.Code{annotate.ECodeEndBefore}},
	{name: "empty span", format: Prodigy, in: `{"text":"abcdef","spans":[{"start":2,"end":2,"label":"PER"}]}`,
		errs: []string{"in.jsonl:1: spans[0] is empty"}, codes: []annotate.Code{annotate.ECodeEmpty}},
	{name: "unknown label", format: Doccano, in: "{\"text\":\"ok\"}\n" + `{"text":"abcdef","entities":[{"start_offset":0,"end_offset":2,"label":"GPE"}]}`,
		want: "1:\"ok\"\n",
		errs: []string{`in.jsonl:2: entities[0] has the label "GPE", which is not in the schema (PER, ORG, LOC, MISC)`}, codes: []annotate.Code{annotate.ECodeUnknownLabel}},
	{name: "text too big", format: Prodigy, max: 10, in: `{"text":"abcdefghijklmnop"}`,
		errs: []string{"in.jsonl:1: The text is 16 bytes, over the size limit of 10 bytes"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "text file too big", format: Text, max: 10, in: "abcdefghijklmnop",
		errs: []string{"in.jsonl: The file is over 10 bytes, the size limit"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "line too long", format: Prodigy, max: 1, in: `{"text":"` + strings.Repeat("a", 3<<20) + `"}` + "\n{\"text\":\"b\"}\n",
		want: "2:\"b\"\n",
		errs: []string{"in.jsonl:1: The line is over 1.0 MB, the size limit"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "span text mismatch suggests utf16", format: Prodigy, in: `{"text":"👍 Paris","spans":[{"start":3,"end":8,"label":"LOC","text":"Paris"}]}`,
		errs: []string{`in.jsonl:1: spans[0] [3, 8) is out of range: the text has 7 characters. If the file counts UTF-16 units`}, codes: []annotate.Code{annotate.ECodeOutOfRange}},
	{name: "span text mismatch", format: Prodigy, in: `{"text":"👍 Paris x","spans":[{"start":3,"end":8,"label":"LOC","text":"Paris"}]}`,
		errs: []string{`in.jsonl:1: spans[0] says its text is "Paris" but the text at [3, 8) is "aris "`}, codes: []annotate.Code{annotate.ECodeMismatch}},
	{name: "inside surrogate pair", format: Doccano, offsets: UTF16, in: `{"text":"👍 Paris","label":[[1,4,"LOC"]]}`,
		errs: []string{"in.jsonl:1: label[0] start 1 falls inside a character"}, codes: []annotate.Code{annotate.ECodeOutOfRange}},
	{name: "span in stripped line", format: Prodigy, strip: []string{"Read more:"},
		in:   `{"text":"News\nRead more: Paris\nEnd","spans":[{"start":16,"end":21,"label":"LOC"}]}`,
		errs: []string{`in.jsonl:1: spans[0] "Paris" falls in a line that --strip-lines removes`}, codes: []annotate.Code{annotate.ECodeOutOfRange}},
	{name: "duplicate span", format: Prodigy, in: `{"text":"Rome","spans":[{"start":0,"end":4,"label":"LOC"},{"start":0,"end":4,"label":"LOC"}]}`,
		errs: []string{"in.jsonl:1: spans[1] repeats spans[0]"}, codes: []annotate.Code{annotate.ECodeDuplicate}},
	{name: "offset not a number", format: Prodigy, in: `{"text":"Rome","spans":[{"start":"0","end":4,"label":"LOC"}]}`,
		errs: []string{"in.jsonl:1: In the line, spans[0].start should be a JSON whole number, not a string."}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "text not a string", format: Prodigy, in: `{"text":5}`,
		errs: []string{"in.jsonl:1: In the line, text should be a JSON string, not a number."}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "duplicate key", format: Prodigy, in: `{"text":"a","text":"b"}`,
		errs: []string{`in.jsonl:1: The line has text twice (the second at character 13); keep one.`}, codes: []annotate.Code{annotate.ECodeInvalid}},
	// Characters, not bytes: the Arabic word is 2 characters and 4 bytes.
	{name: "duplicate key after Arabic", format: Prodigy, in: `{"text":"نص","text":"b"}`,
		errs: []string{`in.jsonl:1: The line has text twice (the second at character 14); keep one.`}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "trailing garbage", format: Doccano, in: `{"text":"a"} x`,
		errs: []string{"in.jsonl:1: The line is not valid JSON: invalid character 'x' after top-level value at character 14."}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "cut short", format: Prodigy, in: `{"text":"abc`,
		errs: []string{"in.jsonl:1: The line ends before its JSON does (at text, character 13); was it cut short?"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "indented line", format: Prodigy, in: ` {"text":"a b"}`, want: "1:\"a b\"\n"},
	{name: "meta not object", format: Prodigy, in: `{"text":"Rome","meta":[1]}`,
		errs: []string{"in.jsonl:1: \"meta\" must be a JSON object."}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "offsets unit disagrees", format: Prodigy, in: `{"text":"Rome","meta":{"hashiya_offsets":"utf16"}}`,
		errs: []string{"in.jsonl:1: The task's meta says its offsets are utf16, but they are being read as codepoint; read the file with --offsets utf16."}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "bad stance label", format: Prodigy, in: `{"text":"Rome","spans":[{"start":0,"end":4,"label":"LOC"}],"targets":[{"name":"Rome","mentions":[0]}],"stances":[{"target":0,"holder":null,"label":"LOVE","evidence":[]}]}`,
		errs: []string{`in.jsonl:1: stances[0] has the stance label "LOVE", which is not in the schema (FAVOR, AGAINST, NEUTRAL)`}, codes: []annotate.Code{annotate.ECodeUnknownLabel}},
	{name: "json array", format: Doccano, in: "\n [{\"text\":\"Rome\"},\n{\"text\":\"Paris\"}]\n",
		errs: []string{"in.jsonl:1: The file is one JSON array, but Hashiya reads JSONL"}, codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "byte order mark mid-file", format: Prodigy, in: `{"text":"a b"}` + "\n\uFEFF" + `{"text":"c d"}` + "\n",
		want:  "1:\"a b\"\n",
		errs:  []string{"in.jsonl:2: The line starts with a byte-order mark in the middle of the file (U+FEFF, left where files saved with one were joined); remove it"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "byte order mark mid-file doccano", format: Auto, in: "\uFEFF" + `{"text":"a b","label":[]}` + "\n \uFEFF" + `{"text":"c d","label":[]}`,
		want:  "1:\"a b\"\n",
		errs:  []string{"in.jsonl:2: The line starts with a byte-order mark in the middle of the file"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "byte order mark after a task", format: Prodigy, in: `{"text":"a b"}` + "\uFEFF" + `{"text":"c d"}`,
		errs:  []string{"in.jsonl:1: The line has, at character 15, a byte-order mark in the middle of the file"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "byte order mark in a string is text", format: Prodigy, in: `{"text":"a\ufeffb"}`, want: "1:\"a\\ufeffb\"\n"},
	{name: "byte order mark mid text file", format: Text, in: "\uFEFFone\r\n\uFEFFtwo\n",
		errs:  []string{"in.jsonl:2: There is a byte-order mark in the middle of the file (U+FEFF, left where files saved with one were joined); remove it"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "utf16le with mark", format: Auto, in: "\xff\xfe" + utf16LE(`{"text":"a b"}`+"\n"),
		errs:  []string{"in.jsonl: This file looks UTF-16 (it starts with a UTF-16 byte-order mark), but Hashiya reads UTF-8; save it as UTF-8 and import it again."},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "utf16be with mark, text", format: Text, in: "\xfe\xff" + utf16BE("وصل الوفد إلى دمشق.\n"),
		errs:  []string{"in.jsonl: This file looks UTF-16 (it starts with a UTF-16 byte-order mark)"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "utf16le without mark", format: Prodigy, in: utf16LE(`{"text":"وصل الوفد إلى دمشق.","meta":{"source":"x"}}` + "\n" + `{"text":"a"}` + "\n"),
		errs:  []string{"in.jsonl: This file looks UTF-16 (every other byte is a zero or control byte, as in UTF-16 text)"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "utf16be without mark, text", format: Text, in: utf16BE("Hello, world.\n"),
		errs:  []string{"in.jsonl: This file looks UTF-16 (every other byte is a zero or control byte"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "Arabic utf16be without mark, text", format: Text, in: utf16BE("وصل الوفد\n"),
		errs:  []string{"in.jsonl: This file looks UTF-16 (every other byte is a zero or control byte"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "Arabic utf16le without mark, text", format: Text, in: utf16LE("وصل الوفد إلى دمشق، وقال المتحدث إن المحادثات ستستمر.\n"),
		errs:  []string{"in.jsonl: This file looks UTF-16 (every other byte is a zero or control byte"},
		codes: []annotate.Code{annotate.ECodeInvalid}},
	{name: "a stray control character in UTF-8 is not UTF-16", format: Text, in: "Report\x01 of the day\twith tabs\x02\n", want: "0:\"Report\\x01 of the day\\twith tabs\\x02\\n\"\n"},
	{name: "bad mention index", format: Prodigy, in: `{"text":"Rome","targets":[{"name":"Rome","mentions":[3]}]}`,
		errs: []string{"in.jsonl:1: targets[0] refers to span 3, but the task has 0 spans"}, codes: []annotate.Code{annotate.ECodeInvalid}},
}

func TestRead(t *testing.T) {
	for _, c := range readCases {
		for _, workers := range []int{0, 3} {
			t.Run(fmt.Sprintf("%s/workers=%d", c.name, workers), func(t *testing.T) {
				testRead(t, c, workers)
			})
		}
	}
}

func testRead(t *testing.T, c readCase, workers int) {
	{
		{
			recs, bad, err := readAll(t, c.in, c.format, Options{Offsets: c.offsets, StripPatterns: c.strip, MaxTextBytes: c.max, Workers: workers})
			if err != nil {
				t.Fatalf("fatal error: %v", err)
			}
			if got := summary(recs); got != c.want {
				t.Errorf("records:\n got %s\nwant %s", got, c.want)
			}
			if len(bad) != len(c.errs) {
				t.Fatalf("got %d line errors %v, want %d %q", len(bad), bad, len(c.errs), c.errs)
			}
			for i, e := range bad {
				if !strings.HasPrefix(e.Error(), c.errs[i]) {
					t.Errorf("error %d:\n got %q\nwant prefix %q", i, e.Error(), c.errs[i])
				}
				if got := annotate.ErrorCode(e); got != c.codes[i] {
					t.Errorf("error %d: code %s, want %s", i, got, c.codes[i])
				}
			}
			checkRecords(t, recs)
		}
	}
}

// checkRecords asserts what every record must satisfy, whatever the input.
func checkRecords(t testing.TB, recs []Record) {
	t.Helper()
	for _, r := range recs {
		if err := r.Doc.Validate(); err != nil {
			t.Fatalf("line %d: document invalid: %v", r.Line, err)
		}
		if r.Doc.InputHash != annotate.HashText(r.Doc.Text) {
			t.Fatalf("line %d: wrong input hash", r.Line)
		}
		n := utf8.RuneCountInString(r.Doc.Text)
		for _, s := range r.Spans {
			if s.Start < 0 || s.Start >= s.End || s.End > n {
				t.Fatalf("line %d: span [%d,%d) out of range 0..%d", r.Line, s.Start, s.End, n)
			}
			if got := annotate.Slice(r.Doc.Text, s.Start, s.End); got != s.Text {
				t.Fatalf("line %d: span text %q, text there %q", r.Line, s.Text, got)
			}
		}
		for _, tg := range r.Targets {
			for _, m := range tg.Mentions {
				if m < 0 || m >= len(r.Spans) {
					t.Fatalf("line %d: mention %d out of range", r.Line, m)
				}
			}
		}
	}
}

func TestReaderStopsOnReadError(t *testing.T) {
	for _, workers := range []int{0, 2} {
		testReaderStops(t, workers)
	}
}

func testReaderStops(t *testing.T, workers int) {
	r := NewReader(io.MultiReader(strings.NewReader(`{"text":"a"}`+"\n"), errReader{}), "in.jsonl", Prodigy, Options{Workers: workers})
	defer r.Close()
	if _, err := r.Next(); err != nil {
		t.Fatalf("first line: %v", err)
	}
	_, err := r.Next()
	var le *LineError
	if err == nil || errors.As(err, &le) || err == io.EOF {
		t.Fatalf("got %v, want a fatal read error", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("after a fatal error got %v, want EOF", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func fuzzRead(f *testing.F, format Format) {
	for _, c := range readCases {
		f.Add(c.in, c.offsets == UTF16)
	}
	f.Fuzz(func(t *testing.T, in string, utf16 bool) {
		opts := Options{Offsets: Codepoint}
		if utf16 {
			opts.Offsets = UTF16
		}
		recs, _, err := readAll(t, in, format, opts)
		if err != nil {
			t.Fatalf("fatal error from a string reader: %v", err)
		}
		checkRecords(t, recs)
	})
}

func FuzzReadProdigy(f *testing.F) { fuzzRead(f, Prodigy) }
func FuzzReadDoccano(f *testing.F) { fuzzRead(f, Doccano) }
func FuzzReadText(f *testing.F)    { fuzzRead(f, Text) }

// TestReadParallelOrder: with workers, records and errors come in input
// order with the right line numbers (run with -race too).
func TestReadParallelOrder(t *testing.T) {
	var in strings.Builder
	for i := range 500 {
		switch i % 7 {
		case 3:
			in.WriteString("oops\n")
		case 5:
			in.WriteString("\n")
		default:
			fmt.Fprintf(&in, "{\"text\":\"doc %d\"}\n", i)
		}
	}
	seq, seqBad, err := readAll(t, in.String(), Prodigy, Options{})
	if err != nil {
		t.Fatal(err)
	}
	par, parBad, err := readAll(t, in.String(), Prodigy, Options{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if summary(seq) != summary(par) || fmt.Sprint(seqBad) != fmt.Sprint(parBad) || len(seq) != 358 {
		t.Errorf("parallel read differs from sequential: %d/%d records, %d/%d errors", len(par), len(seq), len(parBad), len(seqBad))
	}
}

// TestRecordsChecked checks that every record a Reader returns carries
// its document checked, equal to Doc, in each format and with workers.
func TestRecordsChecked(t *testing.T) {
	for _, c := range []struct {
		in      string
		format  Format
		workers int
	}{
		{`{"text":"قال الوفد\r\nفي دمشق","meta":{"n":1},"spans":[{"start":4,"end":9,"label":"ORG"}]}` + "\n", Prodigy, 0},
		{`{"text":"قال الوفد","label":[[4,9,"ORG"]]}` + "\n" + `{"text":"b"}` + "\n", Doccano, 2},
		{"نص\r\nبسيط", Text, 0},
	} {
		recs, bad, err := readAll(t, c.in, c.format, Options{Workers: c.workers})
		if err != nil || len(bad) > 0 || len(recs) == 0 {
			t.Fatalf("%s: %d records, %v, %v", c.format, len(recs), bad, err)
		}
		for _, rec := range recs {
			if got := rec.Checked.Document(); !reflect.DeepEqual(got, rec.Doc) || rec.Checked.Length() != annotate.RuneLen(rec.Doc.Text) {
				t.Errorf("%s: Checked is %+v (length %d), Doc %+v", c.format, got, rec.Checked.Length(), rec.Doc)
			}
			if rec.Doc.InputHash != annotate.HashText(rec.Doc.Text) {
				t.Errorf("%s: InputHash %q is not the text's", c.format, rec.Doc.InputHash)
			}
		}
	}
}

// zeros is an endless stream of NUL bytes that counts what was read.
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += len(p)
	return len(p), nil
}

// TestEndlessLine: input with no line break at all (/dev/zero, a binary
// file named .jsonl) stops with one fatal sentence naming the line after
// a bounded read, instead of reading for ever; an over-long line that
// does end is still skipped as one bad line.
func TestEndlessLine(t *testing.T) {
	for _, f := range []Format{Prodigy, Doccano} {
		z := &zeros{}
		r := NewReader(z, "zero.jsonl", f, Options{MaxTextBytes: 1 << 10})
		_, err := r.Next()
		r.Close()
		var le *LineError
		if err == nil || errors.As(err, &le) || !strings.Contains(err.Error(), "zero.jsonl:1: the line goes on") {
			t.Errorf("%s: err = %v, want a fatal sentence naming zero.jsonl:1", f, err)
		}
		if limit := 6<<10 + 1<<20 + maxSkip; z.n > limit+1<<17 {
			t.Errorf("%s: read %d bytes, over the %d bound", f, z.n, limit)
		}
	}
	long := strings.Repeat("x", 2<<20) + "\n" + `{"text":"after"}` + "\n"
	recs, bad, err := readAll(t, long, Prodigy, Options{MaxTextBytes: 1 << 10})
	if err != nil || len(bad) != 1 || len(recs) != 1 || !strings.Contains(bad[0].Error(), "size limit") {
		t.Errorf("over-long line: %d records, bad %v, err %v", len(recs), bad, err)
	}
}
