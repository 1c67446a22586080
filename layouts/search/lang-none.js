// kb's neutral analysis for the static client (lang-none.js): words
// lowercased, nothing left out or stemmed, for the languages kb has no
// analysis of its own for; the static client of a language whose
// stemmer it has no port of uses it too (README: Search).
kbAnalysis.use({ name: "none", stem: function (lw) { return lw; } });
