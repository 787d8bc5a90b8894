// Package agree measures inter-annotator agreement on Hashiya's entity
// spans and stances: the numbers a team publishes with a dataset.
//
// A Study takes documents one at a time (Add), each with the work of
// every annotator on it, and Report turns what it gathered into pairwise
// and overall figures. It is pure: no database, no UI; hashiya agree and
// the window feed it from storage.
//
// # Which documents count
//
// An annotator counts on a document when they marked it done, or, with
// Options.All, when they have any status other than todo or any
// annotation on it. A pair is compared on the documents both count on;
// Fleiss' κ and Krippendorff's αu on the documents every selected
// annotator counts on; Krippendorff's α on the documents at least two
// count on, each token taking the values of those who count.
//
// Only spans whose label is in Options.Labels are entities here (the
// caller passes the schema's entity labels); any other span is ignored.
//
// # Spans
//
// For a pair (A, B), per label and over all labels (micro-averaged):
//
//   - exact: a span of A and one of B match when start, end and label are
//     equal;
//   - overlap: they match when they share at least one code point and have
//     the same label; matching is one to one: exact matches first, then the
//     remaining pairs by longest shared part (ties: earlier A span, then
//     earlier B span);
//   - clitic (Options.ArabicClitics): an exact match, or a pair with the
//     same label whose texts differ only by Arabic proclitics (و ف, then ب
//     ل ك, then ال; or لل) at the start and harakat or tatweel at either
//     edge, e.g. "والولايات المتحدة" and "الولايات المتحدة". The count of
//     such boundary matches is reported on its own, so that a team sees
//     whether it disagrees on entities or on clitic conventions.
//
// Precision of A against B takes B as the reference: matches / |A|;
// recall is matches / |B|; F1 is 2·matches / (|A| + |B|), the same both
// ways. A figure whose denominator is 0 is undefined (NaN, null in JSON).
//
// # Tokens
//
// The tokens are annotate.Tokenize's. A token takes, for an annotator, the
// label of their span that shares at least one code point with it (a span
// ending after a proclitic break covers its token partly, and still gives
// it its label); when several do, the longest span wins, then the earlier,
// then the label listed first. A token no span touches is O. Tokens that
// both annotators left O count as agreement on O: κ over all tokens is the
// figure most tools report, and is inflated by the many O tokens, so
// KappaAnnotated gives κ over the tokens at least one of the pair
// labelled as well.
//
// Cohen's κ = (po − pe) / (1 − pe) over the pair's token confusion matrix
// (the definition of sklearn.metrics.cohen_kappa_score). Fleiss' κ is
// Fleiss (1971) with every selected annotator rating every token. α is
// Krippendorff's α with the nominal metric, from the coincidence matrix:
// α = 1 − (n − 1)·Σc≠k o_ck / Σc≠k n_c·n_k.
//
// # Unitizing αu
//
// αu is Krippendorff's (1995) αu as DKPro Statistics'
// KrippendorffAlphaUnitizingAgreement computes it, which INCEpTION uses:
// per label, observed disagreement over every pair of annotators and every
// pair of overlapping sections (units and the gaps between them),
// expected disagreement from all units and gaps, and the overall αu =
// 1 − mean D_o / mean D_e over the labels that have units (0 when the two
// are equal, as DKPro has it). The differences from INCEpTION:
//
//   - the continuum is code points, where INCEpTION counts Java chars
//     (UTF-16 code units); they differ only on characters beyond the BMP;
//   - INCEpTION computes αu per document; the overall figure here lays the
//     counted documents end to end into one continuum (in document order),
//     which is how DKPro studies over a corpus are built; per-document αu
//     is in the ranked document list;
//   - DKPro requires that one annotator's units of one label never
//     overlap; where a Hashiya annotator has nested or overlapping spans of
//     one label, their union is the unit.
//
// # Stances
//
// For a pair, the targets of A and B are matched one to one: first pairs
// whose mentions overlap (a mention span of one shares a code point with
// a mention span of the other), then pairs whose names are equal after
// annotate.Normalize. On each matched pair each annotator's stance is
// their stance in the article's own voice, else their first stance on the
// target; a target one of them gave no stance has the label "(none)", and
// pairs where neither did are left out. Cohen's κ is computed over those
// labels; holder agreement is the share of pairs where both gave a stance
// and the holders correspond (both the author, or holders that are
// themselves matched targets).
//
// # Documents by agreement
//
// Each document gets the micro F1 of exact span matches over the pairs
// compared on it, its overlap F1, token κ and αu; Report lists documents
// lowest F1 first, then most unmatched spans, then by ID; documents
// without any span sort last.
package agree
