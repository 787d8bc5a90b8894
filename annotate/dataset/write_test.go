package dataset

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hashiya/annotate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// span picks the nth occurrence (from 0) of sub in a text.
type span struct {
	sub   string
	nth   int
	label string
}

// corpusDoc is a test document; text is raw (it may have CRLF or
// decomposed letters) and spans are found in it by substring.
type corpusDoc struct {
	text    string
	meta    string
	status  annotate.Status
	spans   []span
	targets []targetJSON
	stances []stanceJSON
}

func holder(i int) *int { return &i }

// corpus covers Arabic, English, mixed scripts, emoji outside the BMP,
// harakat, CRLF, decomposed letters, nested spans and a span cut at a
// clitic.
var corpus = []corpusDoc{
	{text: "التقى وفد من الائتلاف الوطني لقوى الثورة والمعارضة السورية بممثلين عن وزارة الخارجية الأمريكية في إسطنبول، وقال رئيس الوفد إن الدعم للائتلاف سيعود.\nوأكد المتحدث أن واشنطن تدعم المعارضة؟ نعم.",
		meta: `{"source":"orient-news","url":"https://example.org/1"}`, status: annotate.StatusDone,
		spans: []span{{"الائتلاف الوطني لقوى الثورة والمعارضة السورية", 0, "ORG"}, {"السورية", 0, "MISC"},
			{"وزارة الخارجية الأمريكية", 0, "ORG"}, {"الأمريكية", 0, "MISC"}, {"إسطنبول", 0, "LOC"},
			{"لائتلاف", 1, "ORG"}, {"واشنطن", 0, "LOC"}},
		targets: []targetJSON{{Name: "الائتلاف الوطني", Topic: true, Mentions: []int{0, 5}}, {Name: "واشنطن", Mentions: []int{6}}},
		stances: []stanceJSON{{Target: 0, Holder: holder(1), Label: "FAVOR", Evidence: []int{6}}, {Target: 0, Label: "NEUTRAL", Evidence: []int{}, Note: "خبر محايد"}}},
	{text: "Barack Obama met Angela Merkel in Berlin on Tuesday. Merkel said she supports the plan.",
		status:  annotate.StatusDone,
		spans:   []span{{"Barack Obama", 0, "PER"}, {"Angela Merkel", 0, "PER"}, {"Berlin", 0, "LOC"}, {"Merkel", 1, "PER"}},
		targets: []targetJSON{{Name: "the plan", Mentions: []int{}}, {Name: "Angela Merkel", Mentions: []int{3, 1}}},
		stances: []stanceJSON{{Target: 0, Holder: holder(1), Label: "FAVOR", Evidence: []int{3}, Note: "said she supports"}}},
	{text: "قال Barack Obama إن شركة Google ستفتح مكتباً في دبي.", meta: `{"cats":["economy"]}`, status: annotate.StatusInProgress,
		spans: []span{{"Barack Obama", 0, "PER"}, {"Google", 0, "ORG"}, {"دبي", 0, "LOC"}}},
	{text: "👍🏽 أخبار رائعة من باريس 🇫🇷! Great news from Paris 👨‍👩‍👧.", status: annotate.StatusDone,
		spans: []span{{"باريس", 0, "LOC"}, {"Paris", 0, "LOC"}}},
	{text: "قَالَ مُحَمَّدٌ إِنَّ الأُمَمَ المُتَّحِدَةَ سَتَجْتَمِعُ.", status: annotate.StatusDone,
		spans: []span{{"مُحَمَّدٌ", 0, "PER"}, {"الأُمَمَ المُتَّحِدَةَ", 0, "ORG"}}},
	{text: "First line\r\nThe United Nations met in Geneva.\r\nEnd.\r\n", status: annotate.StatusDone,
		spans: []span{{"United Nations", 0, "ORG"}, {"Geneva", 0, "LOC"}}},
	{text: "Cafe\u0301 de Flore is in Paris.", status: annotate.StatusDone,
		spans: []span{{"Cafe\u0301 de Flore", 0, "ORG"}, {"Paris", 0, "LOC"}}},
	{text: "Nothing to see here.", status: annotate.StatusSkipped},
	// Spans that do not fall on the tokenizer's word edges: after a
	// proclitic (للائتلاف, لإيران, والولايات), ending inside a word
	// (أمريكيّون), over tatweel-dot words, after an emoji with a skin
	// tone, and over harakat.
	{text: "دعا للائتلاف وقال لإيران إن والولايات المتحدة ترفض جـ.رائم الحـ.رب، والأمريكيّون 👍🏽غاضبون من مُحَمَّدٍ.",
		spans: []span{{"لائتلاف", 0, "ORG"}, {"إيران", 0, "LOC"}, {"الولايات المتحدة", 0, "LOC"}, {"جـ.رائم الحـ.رب", 0, "MISC"},
			{"الأمريكي", 0, "MISC"}, {"غاضبون", 0, "MISC"}, {"مُحَمَّدٍ", 0, "PER"}},
		status: annotate.StatusDone},
}

// corpusJSONL renders the corpus as a Prodigy JSONL input, offsets in
// code points of the raw texts.
func corpusJSONL(t testing.TB) string {
	var b strings.Builder
	for i, d := range corpus {
		task := map[string]any{"text": d.text}
		if d.meta != "" {
			task["meta"] = json.RawMessage(d.meta)
		}
		var spans []map[string]any
		for _, s := range d.spans {
			at := -1
			for k, from := 0, 0; k <= s.nth; k++ {
				j := strings.Index(d.text[from:], s.sub)
				if j < 0 {
					t.Fatalf("doc %d: %q not found", i, s.sub)
				}
				at = from + j
				from = at + len(s.sub)
			}
			start := utf8.RuneCountInString(d.text[:at])
			spans = append(spans, map[string]any{"start": start, "end": start + utf8.RuneCountInString(s.sub), "label": s.label})
		}
		task["spans"] = spans
		if d.status != "" {
			task["meta"] = addStatus(t, task["meta"], d.status)
		}
		if d.targets != nil {
			task["targets"] = d.targets
			task["stances"] = d.stances
		}
		line, err := json.Marshal(task)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func addStatus(t testing.TB, meta any, st annotate.Status) json.RawMessage {
	m := map[string]any{}
	if meta != nil {
		if err := json.Unmarshal(meta.(json.RawMessage), &m); err != nil {
			t.Fatal(err)
		}
	}
	m["hashiya_status"] = st
	out, _ := json.Marshal(m)
	return out
}

// itemsOf stores records the way a database would: IDs, one annotator,
// fixed times.
func itemsOf(recs []Record) []Item {
	at := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	items := make([]Item, len(recs))
	for i, r := range recs {
		doc := r.Doc
		doc.ID = int64(i + 1)
		it := Item{Doc: doc, Annotator: "amina", Status: annotate.DocStatus{DocumentID: doc.ID, Annotator: "amina", Status: r.Status, ActiveSeconds: float64(60 * i), Updated: at.Add(time.Duration(i) * time.Minute)}}
		spanID := func(k int) int64 { return doc.ID*100 + int64(k) + 1 }
		targetID := func(k int) int64 { return doc.ID*1000 + int64(k) + 1 }
		for k, s := range r.Spans {
			s.ID, s.DocumentID, s.Annotator, s.Created, s.Updated = spanID(k), doc.ID, "amina", at, at
			it.Annotations.Spans = append(it.Annotations.Spans, s)
		}
		for k, tg := range r.Targets {
			x := annotate.Target{ID: targetID(k), DocumentID: doc.ID, Name: tg.Name, Topic: tg.Topic, Annotator: "amina", Mentions: []int64{}}
			for _, m := range tg.Mentions {
				x.Mentions = append(x.Mentions, spanID(m))
			}
			it.Annotations.Targets = append(it.Annotations.Targets, x)
		}
		for k, st := range r.Stances {
			x := annotate.Stance{ID: int64(k + 1), DocumentID: doc.ID, TargetID: targetID(st.Target), Label: st.Label, Note: st.Note, Annotator: "amina", Evidence: []int64{}}
			if st.Holder >= 0 {
				x.Holder = targetID(st.Holder)
			}
			for _, e := range st.Evidence {
				x.Evidence = append(x.Evidence, spanID(e))
			}
			it.Annotations.Stances = append(it.Annotations.Stances, x)
		}
		items[i] = it
	}
	return items
}

func readCorpus(t testing.TB) []Record {
	recs, bad, err := readAll(t, corpusJSONL(t), Prodigy, Options{})
	if err != nil || len(bad) > 0 {
		t.Fatalf("corpus: %v %v", err, bad)
	}
	checkRecords(t, recs)
	return recs
}

// testLabels are the default schema's labels, which HF numbers its tags from.
var testLabels = []string{"PER", "ORG", "LOC", "MISC"}

func export(t testing.TB, items []Item, f Format, u Offsets) []byte {
	return exportWith(t, items, f, EncodeOptions{Offsets: u, Labels: testLabels})
}

func exportWith(t testing.TB, items []Item, f Format, opts EncodeOptions) []byte {
	var buf bytes.Buffer
	w, err := NewWriterWith(&buf, f, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := w.Write(it); err != nil {
			t.Fatalf("write %s: %v", f, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var goldenCases = []struct {
	file   string
	format Format
	unit   Offsets
}{
	{"prodigy.golden", Prodigy, Codepoint},
	{"prodigy_utf16.golden", Prodigy, UTF16},
	{"doccano.golden", Doccano, Codepoint},
	{"doccano_utf16.golden", Doccano, UTF16},
	{"stance.golden", Stance, Codepoint},
	{"stance_csv.golden", StanceCSV, Codepoint},
	{"conll.golden", CoNLL, Codepoint},
	{"spacy.golden", SpaCy, Codepoint},
	{"hf.golden", HF, Codepoint},
}

func TestWriteGolden(t *testing.T) {
	items := itemsOf(readCorpus(t))
	for _, c := range goldenCases {
		t.Run(c.file, func(t *testing.T) {
			got := export(t, items, c.format, c.unit)
			path := filepath.Join("testdata", c.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test -run TestWriteGolden -update and review the diff.\ngot:\n%s", c.file, got)
			}
		})
	}
}

// TestRoundTrip reads each export back and expects the records it was
// made from: same text, meta, spans, targets, stances and status.
func TestRoundTrip(t *testing.T) {
	recs := readCorpus(t)
	items := itemsOf(recs)
	for _, c := range []struct {
		format Format
		unit   Offsets
	}{{Prodigy, Codepoint}, {Prodigy, UTF16}, {Doccano, Codepoint}, {Doccano, UTF16}} {
		t.Run(fmt.Sprintf("%s_%s", c.format, c.unit), func(t *testing.T) {
			out := export(t, items, c.format, c.unit)
			back, bad, err := readAll(t, string(out), c.format, Options{Offsets: c.unit})
			if err != nil || len(bad) > 0 {
				t.Fatalf("reading the export back: %v %v", err, bad)
			}
			if len(back) != len(recs) {
				t.Fatalf("read %d records back, want %d", len(back), len(recs))
			}
			for i := range recs {
				want, got := recs[i], back[i]
				if c.format == Doccano {
					// doccano has neither targets, stances nor status.
					want.Targets, want.Stances, want.Status = nil, nil, ""
					got.Status = ""
				}
				want.Line, want.File, want.Doc.Source = 0, "", ""
				got.Line, got.File, got.Doc.Source = 0, "", ""
				if !reflect.DeepEqual(normMeta(t, want), normMeta(t, got)) {
					t.Errorf("document %d changed on the way round:\n got %+v\nwant %+v", i+1, got, want)
				}
			}
		})
	}
}

// normMeta compares meta as JSON values rather than bytes.
func normMeta(t testing.TB, r Record) Record {
	if len(r.Doc.Meta) > 0 {
		var v any
		if err := json.Unmarshal(r.Doc.Meta, &v); err != nil {
			t.Fatal(err)
		}
		r.Doc.Meta, _ = json.Marshal(v)
	}
	return r
}

func TestWriteRefusesMismatch(t *testing.T) {
	items := itemsOf(readCorpus(t))
	bad := items[1]
	bad.Annotations.Spans = append([]annotate.Span(nil), bad.Annotations.Spans...)
	bad.Annotations.Spans[2].Text = "Paris"
	for _, f := range WriteFormats {
		var buf bytes.Buffer
		w, _ := NewWriterWith(&buf, f, EncodeOptions{Offsets: Codepoint, Labels: testLabels})
		err := w.Write(bad)
		if annotate.ErrorCode(err) != annotate.ECodeMismatch || !strings.Contains(err.Error(), "Document 2, span 203 (LOC)") {
			t.Errorf("%s: got %v, want a mismatch naming document 2 and span 203", f, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %q before failing", f, buf.String())
		}
		// The export is then empty: nothing but the header, if any.
		w.Flush()
		e, _ := NewEncoderWith(f, EncodeOptions{Offsets: Codepoint, Labels: testLabels})
		if buf.String() != string(e.Header()) {
			t.Errorf("%s: an empty export is %q, want %q", f, buf.String(), e.Header())
		}
	}
}

func TestProdigyTokensAndHashes(t *testing.T) {
	items := itemsOf(readCorpus(t))
	out := export(t, items[:1], Prodigy, Codepoint)
	var task struct {
		Text      string `json:"text"`
		InputHash int32  `json:"_input_hash"`
		TaskHash  int32  `json:"_task_hash"`
		Tokens    []struct {
			Text       string
			Start, End int
			ID         int
		}
		Spans []struct {
			Start, End int
			TokenStart *int `json:"token_start"`
			TokenEnd   *int `json:"token_end"`
			Text       string
		}
	}
	if err := json.Unmarshal(out, &task); err != nil {
		t.Fatal(err)
	}
	if task.InputHash != InputHash32(annotate.HashText(task.Text)) {
		t.Errorf("_input_hash %d is not derived from the text's hash", task.InputHash)
	}
	for i, tok := range task.Tokens {
		if tok.ID != i || annotate.Slice(task.Text, tok.Start, tok.End) != tok.Text {
			t.Fatalf("token %d %+v does not match the text", i, tok)
		}
	}
	for _, s := range task.Spans {
		if s.TokenStart == nil {
			t.Errorf("span %q has no token indices", s.Text)
			continue
		}
		// Prodigy's token_end is inclusive.
		if task.Tokens[*s.TokenStart].Start != s.Start || task.Tokens[*s.TokenEnd].End != s.End {
			t.Errorf("span %q: tokens %d..%d do not match its offsets", s.Text, *s.TokenStart, *s.TokenEnd)
		}
	}
	// Different annotations, different task hash; same annotations, same.
	other := items[0]
	other.Annotations.Spans = other.Annotations.Spans[:1]
	if TaskHash32(other.Doc.InputHash, other.Annotations.Spans) == task.TaskHash {
		t.Error("different spans gave the same _task_hash")
	}
	if TaskHash32(items[0].Doc.InputHash, items[0].Annotations.Spans) != task.TaskHash {
		t.Error("_task_hash is not reproducible")
	}
}

// FuzzRoundTrip: whatever reads successfully exports and reads back to the
// same texts and spans (and, through Prodigy, the same targets, stances,
// meta and status), in both offset units.
func FuzzRoundTrip(f *testing.F) {
	for _, c := range readCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 4<<10 {
			return // big inputs find nothing small ones do not, and tokenizing them is slow
		}
		recs, _, err := readAll(t, in, Prodigy, Options{})
		if err != nil || len(recs) == 0 {
			return
		}
		items := itemsOf(recs)
		for _, c := range []struct {
			format Format
			unit   Offsets
		}{{Prodigy, Codepoint}, {Prodigy, UTF16}, {Doccano, Codepoint}, {Doccano, UTF16}} {
			back, bad, err := readAll(t, string(export(t, items, c.format, c.unit)), c.format, Options{Offsets: c.unit})
			if err != nil || len(bad) > 0 || len(back) != len(recs) {
				t.Fatalf("%s %s: read back %d of %d: %v %v", c.format, c.unit, len(back), len(recs), err, bad)
			}
			for i := range recs {
				want, got := recs[i], back[i]
				if got.Doc.Text != want.Doc.Text || !reflect.DeepEqual(got.Spans, want.Spans) {
					t.Fatalf("%s %s: document %d changed:\n got %+v\nwant %+v", c.format, c.unit, i, got, want)
				}
				if c.format == Prodigy {
					want.Line, want.File, want.Doc.Source, want.Checked = 0, "", "", annotate.Checked{}
					got.Line, got.File, got.Doc.Source, got.Checked = 0, "", "", annotate.Checked{}
					if want.Status == "" {
						want.Status = annotate.StatusTodo // exports always state it
					}
					if !reflect.DeepEqual(normMeta(t, got), normMeta(t, want)) {
						t.Fatalf("%s %s: document %d changed:\n got %+v\nwant %+v", c.format, c.unit, i, got, want)
					}
				}
			}
		}
	})
}
