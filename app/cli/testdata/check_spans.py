"""Reads a Hashiya export the way a Python consumer does (json module only)
and checks that every span's offsets select its text.

usage: check_spans.py FORMAT UNIT FILE   (FORMAT: prodigy|stance, UNIT: codepoint|utf16)
Prints the number of spans checked; exits 1 on the first mismatch.
"""
import json
import sys


def cut(text, start, end, unit):
    if unit == "utf16":
        b = text.encode("utf-16-le")
        return b[2 * start:2 * end].decode("utf-16-le")
    return text[start:end]


def main():
    fmt, unit, path = sys.argv[1:4]
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
