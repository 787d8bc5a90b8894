"""Reads a Hashiya export the way a Python consumer does (json module only)
and checks that every span's offsets select its text.

usage: check_spans.py FORMAT UNIT FILE   (FORMAT: prodigy|stance, UNIT: codepoint|utf16)
       check_spans.py spacy codepoint FILE
       check_spans.py hf codepoint FILE PRODIGY_FILE
Prints the number of spans checked; exits 1 on the first mismatch.

spacy: builds the Doc's words and spaces from "tokens" as
Doc(vocab, words=..., spaces=...) would, checks they rebuild the text, and
that every span in "ents" and "spans.sc" starts and ends on a token, as
Doc.char_span(start, end, label, alignment_mode="strict") requires.
hf: rebuilds every span from "ner_tags" and "nested_ner_tags" (BIO ids
named by "label_names") and "token_offsets", and checks they are exactly
the spans the Prodigy export of the same database holds.
"""
import json
import sys


def cut(text, start, end, unit):
    if unit == "utf16":
        b = text.encode("utf-16-le")
        return b[2 * start:2 * end].decode("utf-16-le")
    return text[start:end]


def fail(msg):
    print(msg)
    sys.exit(1)


def check_spacy(path):
    checked = 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            task = json.loads(line)
            text = task["text"]
            words = [t["text"] for t in task["tokens"]]
            spaces = [t["ws"] for t in task["tokens"]]
            if "".join(w + (" " if s else "") for w, s in zip(words, spaces)) != text:
                fail("line %d: words and spaces do not rebuild the text" % n)
            starts, ends, at = set(), set(), 0
            for w, s in zip(words, spaces):
                starts.add(at)
                ends.add(at + len(w))
                at += len(w) + (1 if s else 0)
            for start, end, label in task["ents"] + task["spans"]["sc"]:
                if start not in starts or end not in ends or start >= end:
                    fail("line %d: span [%d:%d] %s %r would be None in char_span(strict)" % (n, start, end, label, text[start:end]))
                checked += 1
    print(checked)


def bio_spans(tags, offsets, names):
    out, cur = set(), None
    for i, tag in enumerate(list(tags) + [0]):
        name = names[tag] if i < len(tags) else "O"
        if cur and not (name.startswith("I-") and name[2:] == cur[2]):
            out.add((offsets[cur[0]][0], offsets[cur[1]][1], cur[2]))
            cur = None
        if name.startswith("B-"):
            cur = [i, i, name[2:]]
        elif name.startswith("I-"):
            if not cur:
                fail("an I- tag %s starts a span" % name)
            cur[1] = i
    return out


def check_hf(path, prodigy_path):
    want = {}
    with open(prodigy_path, encoding="utf-8") as f:
        for line in f:
            task = json.loads(line)
            key = "%d:%s" % (task["meta"]["hashiya_document_id"], task["_annotator_id"])
            want[key] = {(s["start"], s["end"], s["label"]) for s in task["spans"]}
    checked = 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            row = json.loads(line)
            text, offsets = row["text"], row["token_offsets"]
            for tok, (s, e) in zip(row["tokens"], offsets):
                if text[s:e] != tok:
                    fail("line %d: token %r is not text[%d:%d]" % (n, tok, s, e))
            got = set()
            for tags in [row["ner_tags"]] + row["nested_ner_tags"]:
                got |= bio_spans(tags, offsets, row["label_names"])
            if got != want.get(row["id"], set()):
                fail("line %d (%s): tags give %s, the Prodigy export has %s" % (n, row["id"], sorted(got), sorted(want.get(row["id"], set()))))
            checked += len(got)
    print(checked)


def main():
    fmt, unit, path = sys.argv[1:4]
    if fmt == "spacy":
        return check_spacy(path)
    if fmt == "hf":
        return check_hf(path, sys.argv[4])
    checked = 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            task = json.loads(line)
            text = task["text"]
            if fmt == "prodigy":
                assert task["meta"]["hashiya_offsets"] == unit, task["meta"]
                spans = task["spans"] + task["tokens"]
            else:
                assert task["offsets"] == unit
                spans = task["target_mentions"] + task["holder_mentions"] + task["evidence"]
            for s in spans:
                got = cut(text, s["start"], s["end"], unit)
                if got != s["text"]:
                    print("line %d: [%d:%d] is %r, span says %r" % (n, s["start"], s["end"], got, s["text"]))
                    sys.exit(1)
                checked += 1
    print(checked)


main()
