package annotate

import (
	"fmt"
	"strings"
	"testing"
)

// stanceText writes items as "target<holder:label,label|...", "-" for
// an annotator without a stance and "author" for the article's voice.
func stanceText(c StanceCuration, items []StanceItem) string {
	var out []string
	for _, it := range items {
		h := c.HolderName(it)
		if h == "" {
			h = "author"
		}
		var ls []string
		for _, v := range it.Versions {
			l := v.Label
			if v.ID == 0 {
				l = "-"
			}
			ls = append(ls, l)
		}
		out = append(out, fmt.Sprintf("%s<%s:%s", c.Targets[it.Target].Name, h, strings.Join(ls, ",")))
	}
	return strings.Join(out, "|")
}

func TestCurateStances(t *testing.T) {
	// "قال الرئيس الأسد إن ..." amal and bilal each name targets their way.
	spans := func(who string, id int64, start, end int) Span {
		return Span{ID: id, Start: start, End: end, Label: "PER", Annotator: who, Kind: SpanEntity}
	}
	amal := Annotations{
		Spans: []Span{spans("amal", 1, 4, 16), spans("amal", 2, 30, 34)},
		Targets: []Target{
			{ID: 10, Name: "الأسد", Mentions: []int64{1}},
			{ID: 11, Name: "إدلب"},
			{ID: 12, Name: "الحرب"},
		},
		Stances: []Stance{
			{ID: 100, TargetID: 10, Holder: AuthorHolder, Label: "AGAINST"},
			{ID: 101, TargetID: 11, Holder: 10, Label: "FAVOR"},
			{ID: 102, TargetID: 12, Holder: AuthorHolder, Label: "AGAINST"},
		},
	}
	bilal := Annotations{
		Spans: []Span{spans("bilal", 5, 11, 16)},
		Targets: []Target{
			{ID: 20, Name: "بشار", Mentions: []int64{5}}, // overlaps amal's الرئيس الأسد
			{ID: 21, Name: "ادلب"},                       // the same name without hamza
		},
		Stances: []Stance{
			{ID: 200, TargetID: 20, Holder: AuthorHolder, Label: "AGAINST"},
			{ID: 201, TargetID: 21, Holder: 20, Label: "AGAINST"},
		},
	}
	c := CurateStances([]string{"amal", "bilal"}, map[string]Annotations{"amal": amal, "bilal": bilal})
	if len(c.Targets) != 3 {
		t.Fatalf("%d target groups, want 3 (الأسد=بشار, إدلب=ادلب, الحرب)", len(c.Targets))
	}
	if got, want := stanceText(c, c.Agreed), "الأسد<author:AGAINST,AGAINST"; got != want {
		t.Errorf("agreed %q, want %q", got, want)
	}
	if got, want := stanceText(c, c.Disagreements), "إدلب<الأسد:FAVOR,AGAINST|الحرب<author:AGAINST,-"; got != want {
		t.Errorf("disagreements %q, want %q", got, want)
	}

	// The curator (gold) has the agreed spans and nothing else: taking
	// amal's stance on إدلب makes both targets, the holder mentioning
	// gold's copy of amal's span; taking none where gold has nothing
	// changes nothing.
	gold := Annotations{Spans: []Span{spans("gold", 7, 4, 16)}}
	for _, tc := range []struct {
		name  string
		mine  Annotations
		picks []StancePick
		want  string
	}{
		{"agreed", gold, []StancePick{{c.Agreed[0], 0}}, "targets الأسد[7] stances -1<0:AGAINST remove []"},
		{"إدلب as amal", gold, []StancePick{{c.Disagreements[0], 0}}, "targets إدلب[] الأسد[7] stances -1<-2:FAVOR remove []"},
		{"none on nothing", gold, []StancePick{{c.Disagreements[1], -1}}, "targets stances remove []"},
		{"bilal's over gold's", Annotations{
			Spans:   gold.Spans,
			Targets: []Target{{ID: 30, Name: "إدلب"}, {ID: 31, Name: "الأسد", Mentions: []int64{7}}},
			Stances: []Stance{{ID: 300, TargetID: 30, Holder: 31, Label: "FAVOR"}},
		}, []StancePick{{c.Disagreements[0], 1}}, "targets stances 30<31:AGAINST remove [300]"},
		{"the same again", Annotations{
			Spans:   gold.Spans,
			Targets: []Target{{ID: 30, Name: "إدلب"}, {ID: 31, Name: "الأسد", Mentions: []int64{7}}},
			Stances: []Stance{{ID: 300, TargetID: 30, Holder: 31, Label: "FAVOR"}},
		}, []StancePick{{c.Disagreements[0], 0}}, "targets stances remove []"},
	} {
		take := c.Take(tc.mine, tc.picks)
		var b strings.Builder
		b.WriteString("targets")
		for _, t := range take.Targets {
			fmt.Fprintf(&b, " %s%v", t.Name, t.Mentions)
		}
		b.WriteString(" stances")
		for _, s := range take.Stances {
			fmt.Fprintf(&b, " %d<%d:%s", s.TargetID, s.Holder, s.Label)
		}
		fmt.Fprintf(&b, " remove %v", take.Remove)
		if got := b.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// takeText writes a StanceTake as "spans S... targets T... stances
// target<holder:LABEL[evidence]... remove [...]".
func takeText(take StanceTake) string {
	var b strings.Builder
	b.WriteString("spans")
	for _, s := range take.Spans {
		fmt.Fprintf(&b, " %d-%d%s", s.Start, s.End, s.Kind)
	}
	b.WriteString(" targets")
	for _, t := range take.Targets {
		fmt.Fprintf(&b, " %s%v", t.Name, t.Mentions)
	}
	b.WriteString(" stances")
	for _, s := range take.Stances {
		fmt.Fprintf(&b, " %d<%d:%s%v", s.TargetID, s.Holder, s.Label, s.Evidence)
	}
	fmt.Fprintf(&b, " remove %v", take.Remove)
	for _, t := range take.Update {
		fmt.Fprintf(&b, " update %d%v", t.ID, t.Mentions)
	}
	return b.String()
}

// TestStancePlan: taking a stance copies its evidence as the curator's
// evidence spans (reusing one the curator has at the same offsets);
// merging one annotator and accepting by votes cover targets and
// stances, map them to the curator's own targets (matched by normalised
// name or overlapping mention) instead of making them twice, give those
// the mentions they lack, and leave the curator's own stances alone.
func TestStancePlan(t *testing.T) {
	per := func(who string, id int64, start, end int) Span {
		return Span{ID: id, Start: start, End: end, Label: "PER", Annotator: who, Kind: SpanEntity}
	}
	ev := func(who string, id int64, start, end int) Span {
		return Span{ID: id, Start: start, End: end, Annotator: who, Kind: SpanEvidence}
	}
	amal := Annotations{
		Spans: []Span{per("amal", 1, 4, 16), ev("amal", 2, 20, 30), ev("amal", 3, 0, 3)},
		Targets: []Target{
			{ID: 10, Name: "الأسد", Mentions: []int64{1}},
			{ID: 11, Name: "إدلب"},
		},
		Stances: []Stance{
			{ID: 100, TargetID: 10, Holder: AuthorHolder, Label: "AGAINST", Evidence: []int64{2, 3}},
			{ID: 101, TargetID: 11, Holder: 10, Label: "FAVOR", Evidence: []int64{1}},
		},
	}
	bilal := Annotations{
		Spans:   []Span{per("bilal", 5, 11, 16)},
		Targets: []Target{{ID: 20, Name: "بشار", Mentions: []int64{5}}, {ID: 21, Name: "ادلب"}, {ID: 22, Name: "الحرب"}},
		Stances: []Stance{
			{ID: 200, TargetID: 20, Holder: AuthorHolder, Label: "AGAINST"},
			{ID: 201, TargetID: 21, Holder: 20, Label: "AGAINST"},
			{ID: 202, TargetID: 22, Holder: AuthorHolder, Label: "NEUTRAL"},
		},
	}
	c := CurateStances([]string{"amal", "bilal"}, map[string]Annotations{"amal": amal, "bilal": bilal})
	gold := Annotations{Spans: []Span{per("gold", 7, 4, 16), ev("gold", 8, 0, 3)}}
	// gold's own target for الأسد, named otherwise and without mentions,
	// and gold's own stance on إدلب.
	goldOwn := Annotations{
		Spans:   gold.Spans,
		Targets: []Target{{ID: 30, Name: "إدلب"}, {ID: 31, Name: "الاسد"}},
		Stances: []Stance{{ID: 300, TargetID: 30, Holder: 31, Label: "NEUTRAL"}},
	}
	merge := func(k int) func(mine Annotations) StanceTake {
		return func(mine Annotations) StanceTake {
			tp, sp := c.PicksOf(mine, k)
			return c.Plan(mine, nil, tp, sp)
		}
	}
	votes := func(n int) func(mine Annotations) StanceTake {
		return func(mine Annotations) StanceTake {
			tp, sp := c.PicksByVotes(mine, n)
			return c.Plan(mine, nil, tp, sp)
		}
	}
	for _, tc := range []struct {
		name string
		mine Annotations
		plan func(Annotations) StanceTake
		want string
	}{
		{"amal's agreed stance with its evidence", gold, func(m Annotations) StanceTake {
			return c.Take(m, []StancePick{{c.Agreed[0], 0}})
		}, "spans 20-30evidence targets الأسد[7] stances -1<0:AGAINST[-1 8] remove []"},
		{"entity evidence is gold's same span", gold, func(m Annotations) StanceTake {
			return c.Take(m, []StancePick{{c.Disagreements[0], 0}})
		}, "spans targets إدلب[] الأسد[7] stances -1<-2:FAVOR[7] remove []"},
		{"bilal's stance has none", gold, func(m Annotations) StanceTake {
			return c.Take(m, []StancePick{{c.Agreed[0], 1}})
		}, "spans targets بشار[] stances -1<0:AGAINST[] remove []"},
		{"the spans of a merge are the targets' mentions", Annotations{}, func(m Annotations) StanceTake {
			tp, sp := c.PicksOf(m, 0)
			return c.Plan(m, []Span{{Start: 4, End: 16, Label: "PER"}}, tp, sp)
		}, "spans 4-16entity 20-30evidence 0-3evidence targets الأسد[-1] إدلب[] stances -1<0:AGAINST[-2 -3] -2<-1:FAVOR[-1] remove []"},
		{"gold's own target gains amal's mention", Annotations{Spans: gold.Spans, Targets: goldOwn.Targets, Stances: goldOwn.Stances}, merge(0),
			"spans 20-30evidence targets stances 31<0:AGAINST[-1 8] remove [] update 31[7]"},
		{"merge bilal", gold, merge(1), "spans targets بشار[] ادلب[] الحرب[] stances -1<0:AGAINST[] -2<-1:AGAINST[] -3<0:NEUTRAL[] remove []"},
		{"merge bilal into gold's own", goldOwn, merge(1), "spans targets الحرب[] stances 31<0:AGAINST[] -1<0:NEUTRAL[] remove []"},
		{"two votes", gold, votes(2), "spans 20-30evidence targets الأسد[7] إدلب[] stances -1<0:AGAINST[-1 8] remove []"},
		{"one vote, ties to the first", goldOwn, votes(1), "spans 20-30evidence targets الحرب[] stances 31<0:AGAINST[-1 8] -1<0:NEUTRAL[] remove [] update 31[7]"},
		{"three votes of two", gold, votes(3), "spans targets stances remove []"},
	} {
		if got := takeText(tc.plan(tc.mine)); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// TestStanceChanges: an annotator's stance the curator relabelled or
// left out is a change; one the curator has alike on a target named
// otherwise (normalised name, overlapping mention) is not.
func TestStanceChanges(t *testing.T) {
	per := func(id int64, start, end int) Span { return Span{ID: id, Start: start, End: end, Label: "PER"} }
	amal := Annotations{
		Spans:   []Span{per(1, 4, 16)},
		Targets: []Target{{ID: 10, Name: "الأسد", Mentions: []int64{1}}, {ID: 11, Name: "إدلب"}, {ID: 12, Name: "الحرب"}},
		Stances: []Stance{
			{ID: 100, TargetID: 10, Holder: AuthorHolder, Label: "AGAINST"},
			{ID: 101, TargetID: 11, Holder: 10, Label: "FAVOR"},
			{ID: 102, TargetID: 12, Holder: AuthorHolder, Label: "AGAINST"},
		},
	}
	for _, tc := range []struct {
		name string
		gold Annotations
		want string
	}{
		{"nothing curated", Annotations{}, "الأسد<:AGAINST→- إدلب<الأسد:FAVOR→- الحرب<:AGAINST→-"},
		{"all alike", Annotations{
			Spans:   []Span{per(7, 11, 16)},
			Targets: []Target{{ID: 30, Name: "بشار", Mentions: []int64{7}}, {ID: 31, Name: "ادلب"}, {ID: 32, Name: "الحرب"}},
			Stances: []Stance{{ID: 300, TargetID: 30, Label: "AGAINST"}, {ID: 301, TargetID: 31, Holder: 30, Label: "FAVOR"}, {ID: 302, TargetID: 32, Label: "AGAINST"}},
		}, ""},
		{"one relabelled, one left out", Annotations{
			Targets: []Target{{ID: 30, Name: "الأسد"}, {ID: 31, Name: "ادلب"}},
			Stances: []Stance{{ID: 300, TargetID: 30, Label: "AGAINST"}, {ID: 301, TargetID: 31, Holder: 30, Label: "NEUTRAL"}},
		}, "إدلب<الأسد:FAVOR→NEUTRAL الحرب<:AGAINST→-"},
	} {
		var out []string
		for _, ch := range StanceChanges(amal, tc.gold) {
			g := ch.Curators.Label
			if ch.Curators.ID == 0 {
				g = "-"
			}
			out = append(out, fmt.Sprintf("%s<%s:%s→%s", ch.Target, ch.Holder, ch.Yours.Label, g))
		}
		if got := strings.Join(out, " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
