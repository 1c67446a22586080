// kb's Arabic analysis for the static client (lang-ar.js): NFKC, bleve's
// stop_ar, normalize_ar and stemmer_ar, in that order, as search's
// lang.go runs them after lowercasing. It follows analysis.js.
kbAnalysis.use((function () {
  "use strict";
  // STOPS is bleve's ArabicStopWords.
  var STOPS = new Set(
    ("أ ألا أما أن أنت أنه أنها أو أى أي أيضا إذا إلا إلى " +
      "إلي إما إن إنه إنها ا اذا الآن الا الان التى التي " +
      "الذى الذي الذين الى الي اما ان انت انه انها او اى " +
      "اي ايضا ب بأن بان بعد بعض به بها بين بينما تكون تلك " +
      "ثم جميع حتى حيث خلال ذلك ضمن على عليه عليها عن عند " +
      "عندما غير ف فأن فان فما فهو فهى فهي في فيه فيها قبل " +
      "قد كان كانت كل كما لا لدى لك لكن لم لن له لها ما مع " +
      "من منذ منه منها نحو هذا هذه هناك هو هى هي و وأن وإن " +
      "وان وفي وكان وكانت وكل ولا ولم ولن وما ومن وهو وهى " +
      "وهي يكون ").trim().split(" ")
  );
  // DROP are the tatweel and the harakat that normalize_ar removes.
  var DROP = "\u0640\u064c\u064b\u064d\u064e\u064f\u0650\u0651\u0652";

  // norm is NFKC then bleve's normalize_ar: alef forms as alef, dotless
  // yeh as yeh, teh marbuta as heh, the tatweel and harakat dropped.
  function norm(lw) {
    return nfkc(lw).replace(/[\u0622\u0623\u0625]/g, "\u0627").replace(/\u0649/g, "\u064a")
      .replace(/\u0629/g, "\u0647").split("").filter(function (c) { return DROP.indexOf(c) < 0; }).join("");
  }
  function nfkc(s) { return s.normalize ? s.normalize("NFKC") : s; }

  var PREFIXES = ["ال", "وال", "بال", "كال", "فال", "لل", "و"].map(function (p) { return Array.from(p); });
  var SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"].map(function (p) { return Array.from(p); });

  // light is bleve's stemmer_ar (Lucene's ArabicStemmer): one prefix,
  // then each suffix in turn.
  function light(w) {
    var r = Array.from(w), i, k;
    for (i = 0; i < PREFIXES.length; i++) {
      var p = PREFIXES[i];
      if (p.length === 1 && r.length < 4) continue;
      if (r.length - p.length < 2) continue;
      for (k = 0; k < p.length && p[k] === r[k]; k++);
      if (k === p.length) { r = r.slice(p.length); break; }
    }
    for (i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (r.length - s.length < 2) continue;
      var e = r.length - s.length;
      for (k = 0; k < s.length && s[k] === r[e + k]; k++);
      if (k === s.length) r = r.slice(0, e);
    }
    return r.join("");
  }

  function stem(lw) {
    var n = nfkc(lw);
    if (!n || STOPS.has(n)) return "";
    return light(norm(n));
  }
  return { name: "ar", stem: stem, norm: norm };
})());
