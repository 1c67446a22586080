// kb's Chinese, Japanese and Korean analysis for the static client
// (lang-cjk.js): widths folded and runs of CJK characters as pairs
// (bleve's cjk_width and cjk_bigram), done by analysis.js, no stemming.
kbAnalysis.use({ name: "cjk", stem: function (lw) { return lw; }, width: true, bigrams: true });
