package dataset

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"hashiya/annotate"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Options control reading.
type Options struct {
	// Offsets is the unit of span offsets in the files ("" = Codepoint).
	Offsets Offsets
	// Schema lists the labels spans and stances may have; nil means
	// annotate.DefaultSchema().
	Schema *annotate.Schema
	// StripPatterns remove matching lines (see annotate.StripLines)
	// before the text is frozen.
	StripPatterns []string
	// MaxTextBytes caps one document's text in UTF-8 bytes; 0 means
	// DefaultMaxTextBytes.
	MaxTextBytes int
	// Workers parse lines in parallel when above 1; records still come
	// in input order.
	Workers int

	frozen []string // StripPatterns, frozen once
}

// frozenPatterns returns StripPatterns frozen like the texts they are
// matched against.
func (o *Options) frozenPatterns() []string {
	if o.frozen == nil {
		o.frozen = make([]string, len(o.StripPatterns))
		for i, p := range o.StripPatterns {
			o.frozen[i] = annotate.FreezeText(p)
		}
	}
	return o.frozen
}

func (o *Options) maxText() int {
	if o.MaxTextBytes > 0 {
		return o.MaxTextBytes
	}
	return DefaultMaxTextBytes
}

// Reader reads the documents of one input, one Record at a time, so that
// an import's memory does not grow with the file.
type Reader struct {
	name    string
	format  Format
	br      *bufio.Reader
	b       builder
	opts    Options
	line    int
	done    bool
	started bool // Next has been called

	// With Options.Workers > 1, lines are parsed by workers and handed
	// back in input order through futures, a batch at a time; batch[pos:]
	// are the records not yet returned.
	futures chan chan []item
	stop    chan struct{}
	batch   []item
	pos     int
}

type result struct {
	rec Record
	err error
}

// NewReader reads r, called name in messages, in format f. With Auto the
// format is decided from name's extension and the first line (see
// Detect). Call Close when done with a Reader that has Workers.
func NewReader(r io.Reader, name string, f Format, opts Options) *Reader {
	if opts.Offsets == "" {
		opts.Offsets = Codepoint
	}
	rd := &Reader{name: name, format: f, br: bufio.NewReaderSize(r, 1<<16), opts: opts}
	rd.opts.frozenPatterns() // now, before workers share the options
	rd.b = builder{opts: &rd.opts, schema: opts.Schema}
	if rd.b.schema == nil {
		s := annotate.DefaultSchema()
		rd.b.schema = &s
	}
	return rd
}

// Format returns the format being read, once Next has been called (Auto
// is resolved on the first call).
func (r *Reader) Format() Format { return r.format }

// Next returns the next document. At the end it returns io.EOF. A bad
// line gives a *LineError, and the next call goes on with the next line;
// any other error (a failing disk) ends the input.
func (r *Reader) Next() (Record, error) {
	if r.done {
		return Record{}, io.EOF
	}
	first := !r.started // r.line belongs to the feeder once workers run
	r.started = true
	if first {
		// Windows tools often start UTF-8 files with a byte order mark;
		// it is not part of the first task or text.
		if head, _ := r.br.Peek(3); string(head) == bom {
			r.br.Discard(3)
		} else if why := looksUTF16(r.br); why != "" {
			r.done = true
			return Record{}, lineErr(r.name, 0, annotate.ECodeInvalid, "This file looks UTF-16 (%s), but Hashiya reads UTF-8; save it as UTF-8 and import it again.", why)
		}
	}
	if r.format == Auto {
		r.format = Detect(r.name, r.br)
	}
	switch r.format {
	case Text:
		r.done = true
		return r.readText()
	case Prodigy, Doccano:
	default:
		r.done = true
		return Record{}, annotate.Errorf(annotate.ECodeInvalid, "%s cannot be read as %q: use text, prodigy or doccano.", annotate.Printable(r.name), clip(string(r.format)))
	}
	if first && r.isJSONArray() {
		r.done = true
		return Record{}, lineErr(r.name, 1, annotate.ECodeInvalid, "The file is one JSON array, but Hashiya reads JSONL, one task per line; convert it first, e.g. with: jq -c '.[]' FILE > FILE.jsonl")
	}
	if r.opts.Workers > 1 {
		return r.nextParallel()
	}
	for {
		line, no, fatal, err := r.nextLine()
		if err != nil {
			r.done = fatal
			return Record{}, err
		}
		if line == nil {
			continue
		}
		return r.parse(line, no)
	}
}

// bom is the byte-order mark U+FEFF in UTF-8.
const bom = "\uFEFF"

// looksUTF16 says why the input br starts looks UTF-16, "" when it does
// not: a UTF-16 byte-order mark (Windows Notepad and PowerShell's > save
// UTF-16 with one), or, without a mark, bytes 0 to 8 in every other
// place: they are the high bytes of UTF-16's ASCII (0), Latin, Greek,
// Cyrillic, Hebrew and Arabic (6), and UTF-8 text has none of them. Read
// as UTF-8, such a file would be refused line by line as "not valid
// UTF-8", or stored as a text of NULs and control characters.
func looksUTF16(br *bufio.Reader) string {
	head, _ := br.Peek(1024)
	if len(head) >= 2 && (head[0] == 0xff && head[1] == 0xfe || head[0] == 0xfe && head[1] == 0xff) {
		return "it starts with a UTF-16 byte-order mark"
	}
	var high [2]int
	for i, c := range head {
		if c <= 8 {
			high[i%2]++
		}
	}
	pairs := len(head) / 2
	most, least := max(high[0], high[1]), min(high[0], high[1])
	if pairs >= 2 && most*4 >= pairs && least*8 <= most {
		return "every other byte is a zero or control byte, as in UTF-16 text"
	}
	return ""
}

// bomInLine is the error for a line whose JSON breaks at a byte-order
// mark at character col (1 for the line's start): files saved with a
// mark, joined with cat, leave one at the start of each file but the
// first.
func (r *Reader) bomInLine(no, col int) *LineError {
	where := "starts with"
	if col > 1 {
		where = fmt.Sprintf("has, at character %d,", col)
	}
	return lineErr(r.name, no, annotate.ECodeInvalid, "The line %s a byte-order mark in the middle of the file (U+FEFF, left where files saved with one were joined); remove it and import the file again.", where)
}

// isJSONArray reports whether the input starts with "[": a JSON export
// (doccano and Label Studio offer both) given where JSONL was expected.
func (r *Reader) isJSONArray() bool {
	for i := 1; ; i++ {
		head, err := r.br.Peek(i)
		if len(head) < i {
			return false
		}
		switch c := head[i-1]; {
		case c == '[':
			return true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			return false
		}
		if err != nil || i >= 1<<16 {
			return false
		}
	}
}

// nextLine reads the next line and numbers it. A blank line comes back as
// nil and no error. Errors other than a *LineError are fatal: they end
// the input.
func (r *Reader) nextLine() (line []byte, no int, fatal bool, err error) {
	line, err = r.readLine()
	if err != nil {
		var lerr *LineError
		return nil, r.line, !errors.As(err, &lerr), err
	}
	r.line++
	if len(bytes.TrimSpace(line)) == 0 {
		return nil, r.line, false, nil // blank lines, e.g. a trailing one, are not tasks
	}
	return line, r.line, false, nil
}

func (r *Reader) parse(line []byte, no int) (Record, error) {
	var rec Record
	var lerr *LineError
	if r.format == Doccano {
		rec, lerr = r.doccano(line, no)
	} else {
		rec, lerr = r.prodigy(line, no)
	}
	if lerr != nil {
		return Record{}, lerr
	}
	return rec, nil
}

// Lines go to workers in batches of up to batchLines lines or batchBytes
// bytes (a batch always takes at least one line): one hand-over per line
// cost an import of news articles a tenth of its CPU in channel
// operations and goroutine wake-ups.
const (
	batchLines = 32
	batchBytes = 1 << 20
)

// item is one line of a batch and what parsing it gave.
type item struct {
	line []byte
	no   int
	res  result
	done bool // res is final: a line the feeder could not read whole
}

// nextParallel is Next with the parsing (JSON, normalisation, checks)
// spread over workers; a feeder reads batches of lines in order and
// queues one future per batch, so records still come out in input order
// and memory stays bounded by the queue.
func (r *Reader) nextParallel() (Record, error) {
	if r.futures == nil {
		r.futures = make(chan chan []item, 2*r.opts.Workers)
		r.stop = make(chan struct{})
		type job struct {
			items []item
			out   chan []item
		}
		jobs := make(chan job, 2*r.opts.Workers)
		for range r.opts.Workers {
			go func() {
				for j := range jobs {
					for i := range j.items {
						if it := &j.items[i]; !it.done {
							it.res.rec, it.res.err = r.parse(it.line, it.no)
							it.line = nil // the record holds what it needs
						}
					}
					j.out <- j.items
				}
			}()
		}
		go func() {
			defer close(r.futures)
			defer close(jobs)
			// send queues a batch; false when the reader was closed.
			send := func(items []item) bool {
				out := make(chan []item, 1)
				select {
				case r.futures <- out:
				case <-r.stop:
					return false
				}
				select {
				case jobs <- job{items, out}:
					return true
				case <-r.stop:
					return false
				}
			}
			var items []item
			size := 0
			for {
				line, no, fatal, err := r.nextLine()
				if line == nil && err == nil {
					continue
				}
				// An error (io.EOF at the end) goes in order with the
				// lines before it; a fatal one ends the batch and the input.
				items = append(items, item{line: line, no: no, res: result{err: err}, done: err != nil})
				size += len(line)
				if fatal || len(items) == batchLines || size >= batchBytes {
					if !send(items) || fatal {
						return
					}
					items, size = nil, 0
				}
			}
		}()
	}
	for r.pos == len(r.batch) {
		out, ok := <-r.futures
		if !ok {
			r.done = true
			return Record{}, io.EOF
		}
		r.batch, r.pos = <-out, 0
	}
	res := r.batch[r.pos].res
	r.batch[r.pos] = item{} // let the record go once the caller has it
	r.pos++
	var lerr *LineError
	if res.err != nil && !errors.As(res.err, &lerr) {
		r.done = true
		r.Close()
	}
	return res.rec, res.err
}

// Close stops a Reader's workers. It is safe to call more than once and
// on a Reader without workers.
func (r *Reader) Close() {
	if r.stop != nil {
		select {
		case <-r.stop:
		default:
			close(r.stop)
		}
	}
}

// maxSkip is how far past the size limit readLine looks for the end of
// an over-long line before it gives up on the input.
const maxSkip = 16 << 20

// readLine returns the next line without its line break. A line longer
// than any acceptable task is consumed and reported without being held in
// memory whole.
func (r *Reader) readLine() ([]byte, error) {
	// JSON may escape each byte of text as \uXXXX: allow that much, and
	// room for spans and meta.
	limit := 6*r.opts.maxText() + 1<<20
	var buf []byte
	// An over-long line is skipped to its end so the next line can be
	// read, but only maxSkip further: input with no line break at all
	// (/dev/zero, a binary file named .jsonl) would otherwise be read
	// for ever. 16 MB more is a fraction of a second.
	skipped := 0
	for {
		chunk, err := r.br.ReadSlice('\n')
		if limit >= 0 && len(buf)+len(chunk) <= limit {
			buf = append(buf, chunk...)
		} else {
			buf, limit = nil, -1
			skipped += len(chunk)
		}
		switch {
		case err == bufio.ErrBufferFull:
			if skipped > maxSkip {
				return nil, &annotate.Error{Code: annotate.ECodeInvalid, Message: fmt.Sprintf("%s:%d: the line goes on for over %s with no line break; is this really a JSON lines file? Nothing was imported from it.",
					annotate.Printable(r.name), r.line+1, mb(6*r.opts.maxText()+1<<20+maxSkip))}
			}
			continue
		case err == io.EOF && len(buf) == 0 && limit >= 0:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, fmt.Errorf("read %s: %w", r.name, err)
		}
		if limit < 0 {
			r.line++
			return nil, lineErr(r.name, r.line, annotate.ECodeInvalid, "The line is over %s, the size limit; raise the limit if this is really one document.", mb(6*r.opts.maxText()+1<<20))
		}
		return bytes.TrimRight(buf, "\r\n"), nil
	}
}

// readText reads a whole text file as one document.
func (r *Reader) readText() (Record, error) {
	max := r.opts.maxText()
	data, err := io.ReadAll(io.LimitReader(r.br, int64(max)+1))
	if err != nil {
		return Record{}, fmt.Errorf("read %s: %w", r.name, err)
	}
	if len(data) > max {
		return Record{}, lineErr(r.name, 0, annotate.ECodeInvalid, "The file is over %s, the size limit; raise the limit if this is really one document.", mb(max))
	}
	if !utf8.Valid(data) {
		return Record{}, lineErr(r.name, badUTF8Line(data), annotate.ECodeInvalid, "The file is not valid UTF-8; save it as UTF-8 and import it again.")
	}
	// The mark at the start is gone already (see Next); one further on
	// is where files were joined, invisible in the text.
	if i := bytes.Index(data, []byte(bom)); i >= 0 {
		return Record{}, lineErr(r.name, bytes.Count(data[:i], []byte("\n"))+1, annotate.ECodeInvalid, "There is a byte-order mark in the middle of the file (U+FEFF, left where files saved with one were joined); remove it and import the file again.")
	}
	rec, lerr := r.b.build(r.name, 0, string(data), nil, nil)
	if lerr != nil {
		return Record{}, lerr
	}
	return rec, nil
}

// badUTF8Line returns the 1-based line of the first invalid UTF-8 byte.
func badUTF8Line(data []byte) int {
	for i := 0; i < len(data); {
		c, size := utf8.DecodeRune(data[i:])
		if c == utf8.RuneError && size <= 1 {
			return bytes.Count(data[:i], []byte("\n")) + 1
		}
		i += size
	}
	return 0
}

// decodeLine decodes a JSONL line into v. It uses encoding/json's v2
// (github.com/go-json-experiment/json, which Go 1.27 makes the standard
// library's encoding/json/v2): it reads a news article's line in about
// four fifths of v1's time, and it refuses invalid UTF-8 itself where v1
// quietly turned it into U+FFFD, which spares a pass over every line
// before decoding. Only a line that fails is looked at again, to say
// why in the user's terms.
func (r *Reader) decodeLine(line []byte, no int, v any) *LineError {
	err := jsonv2.Unmarshal(line, v)
	if err == nil {
		return nil
	}
	if !utf8.Valid(line) {
		return lineErr(r.name, no, annotate.ECodeInvalid, "The line is not valid UTF-8; save the file as UTF-8 and import it again.")
	}
	if bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte(bom)) {
		return r.bomInLine(no, 0)
	}
	if line[0] != '{' {
		return lineErr(r.name, no, annotate.ECodeInvalid, "The line is not a JSON object; each line must be one task like {\"text\": \"...\"}.")
	}
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return lineErr(r.name, no, annotate.ECodeInvalid, "The line has %s twice (the second at character %d); keep one.", field(syn.JSONPointer), column(line, syn.ByteOffset))
	case errors.As(err, &syn) && syn.ByteOffset < int64(len(line)) && bytes.HasPrefix(line[syn.ByteOffset:], []byte(bom)):
		return r.bomInLine(no, column(line, syn.ByteOffset))
	case errors.As(err, &syn):
		at := fmt.Sprintf("character %d", column(line, syn.ByteOffset))
		if f := field(syn.JSONPointer); f != "" {
			at = f + ", " + at
		}
		if errors.Is(syn.Err, io.ErrUnexpectedEOF) {
			return lineErr(r.name, no, annotate.ECodeInvalid, "The line ends before its JSON does (at %s); was it cut short?", at)
		}
		return lineErr(r.name, no, annotate.ECodeInvalid, "The line is not valid JSON: %s at %s.", clip(syn.Err.Error()), at)
	case errors.As(err, &sem) && sem.GoType != nil && sem.JSONKind != 0:
		return lineErr(r.name, no, annotate.ECodeInvalid, "In the line, %s should be a JSON %s, not %s.", cmp.Or(field(sem.JSONPointer), "the task"), jsonKind(sem.GoType.Kind()), kindName(sem.JSONKind))
	}
	return lineErr(r.name, no, annotate.ECodeInvalid, "The line is not valid JSON (%s).", clip(err.Error()))
}

// field names the value a JSON pointer points at as a user reads a task:
// /spans/0/start is spans[0].start; the whole task is "". A path deeper
// or longer than a message can hold keeps its start and end around an
// ellipsis.
func field(p jsontext.Pointer) string {
	return annotate.Printable(annotate.Clip(fieldPath(p), maxPathShown))
}

// maxPathShown is how many code points of a JSON path a message shows.
const maxPathShown = 80

func fieldPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			fmt.Fprintf(&b, "[%s]", tok)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// jsonKind names what a Go type of a task's field reads.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "whole number"
	case reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Bool:
		return "true or false"
	}
	return k.String()
}

// kindName names a JSON value's kind with its article.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "true or false"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return k.String()
}

func (r *Reader) text(p *string, no int) (string, *LineError) {
	if p == nil {
		return "", lineErr(r.name, no, annotate.ECodeEmpty, "The task has no \"text\".")
	}
	return *p, nil
}

// Detect decides the format of an input called name whose start br
// buffers: .txt files are text; otherwise the first non-blank line tells
// (a JSON object with "label", "entities" or "cats" and no "spans" is
// doccano, any other JSON object Prodigy; anything else is text).
func Detect(name string, br *bufio.Reader) Format {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".txt" {
		return Text
	}
	head, _ := br.Peek(1 << 16)
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' {
			break
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(line, &keys) != nil {
			// Too long to peek whole, or broken: look at the keys we see.
			keys = map[string]json.RawMessage{}
			for _, k := range []string{"spans", "label", "entities", "cats"} {
				if bytes.Contains(line, []byte(`"`+k+`"`)) {
					keys[k] = nil
				}
			}
		}
		if _, ok := keys["spans"]; ok {
			return Prodigy
		}
		for _, k := range []string{"label", "labels", "entities", "cats"} {
			if _, ok := keys[k]; ok {
				return Doccano
			}
		}
		return Prodigy
	}
	switch ext {
	case ".jsonl", ".json", ".ndjson":
		return Prodigy // so that its lines are reported as not JSON
	}
	return Text
}

// inputExts are the files a folder contributes for each format.
var inputExts = map[Format][]string{
	Text:    {".txt"},
	Prodigy: {".jsonl", ".json", ".ndjson"},
	Doccano: {".jsonl", ".json", ".ndjson"},
	Auto:    {".txt", ".jsonl", ".json", ".ndjson"},
}

// Files lists the input files of paths: a file stands for itself, a
// folder for the files under it (recursively, sorted, hidden ones
// skipped) whose extension suits format f.
func Files(paths []string, f Format) ([]string, error) {
	exts := inputExts[f]
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &annotate.Error{Code: annotate.ECodeNotFound, Message: fmt.Sprintf("%s does not exist.", annotate.Printable(p)), Err: err}
			}
			return nil, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read %s: %s.", annotate.Printable(p), annotate.Printable(err.Error())), Err: err}
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				ext := strings.ToLower(filepath.Ext(path))
				for _, e := range exts {
					if ext == e {
						found = append(found, path)
						break
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read the folder %s: %s.", annotate.Printable(p), annotate.Printable(err.Error())), Err: err}
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// column is the 1-based character (code point) position of byte offset
// off in line, as an editor counts columns: a byte offset on an Arabic
// line would be about twice what the user sees.
func column(line []byte, off int64) int {
	off = max(0, min(off, int64(len(line))))
	return utf8.RuneCount(line[:off]) + 1
}
