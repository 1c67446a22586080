// kb's text analysis in the browser: it splits and stems a reader's query
// exactly as kb's Go search index does (package search: eachWord,
// eachTerm and lowerWord in tokens.go, the languages of lang.go), so the
// static client looks up the index's own terms. This file splits words;
// one lang-<analysis>.js after it (lang-en.js: stop words and Porter;
// lang-de.js, lang-fr.js...) stems them, through kbAnalysis.use, and the
// build ships only the site's language's file. Change them with the Go
// code: layouts/search_analysis_test.go runs them in goja and compares
// them with Go on the example site, on hand-written cases and word lists
// per language, on each code point that can be part of a word, and under
// fuzzing.
//
// Plain ES2017 script, no modules: it is concatenated with the search
// engine, and its one binding is kbAnalysis.
var kbAnalysis = (function () {
  "use strict";

  // CLASSES has the class of every code point from U+0080 up, as Go's
  // unicode package (Unicode 15.0.0) has them, in runs: each run is its
  // length in base 36 and its class:
  //   X  separates words
  //   M  a mark: continues a word or starts one
  //   W  a letter or digit: the same, and it keeps an apostrophe before it
  //      inside the word ("can't")
  //   H  Han, Hiragana or Katakana but no letter (⼀ U+2F00): a word alone
  //   C  Han, Hiragana or Katakana letter: a word alone, and like W after
  //      an apostrophe
  // A table rather than /\p{L}/u, which is ES2018 and would follow the
  // browser's Unicode version instead of the index's. The test checks it
  // against Go's tables; go test ./layouts -run TestSearchAnalysisTable
  // -update rewrites it.
  var CLASSES =
    "16X1WaX1W4X1W5XnW1XvW1XcqW4XcWeX5W7X1W1X1WhX34M5W1X2W2X4W1X1W6X1W1X3W1X1W1XkW1X2bW1X3vW1X7M4mW1X" +
    "12W2X1W6X15W8X19M1X1M1X2M1X2M1X1M8XrW4X4WtXbM5X17WlMaW4X2W1M2rW1X1W7M2X6M2W2M1X4MfW2X1WgX1W1MuW" +
    "rM2X2hWbM1WeX17W9M2W4X1W2X1M2XmW4M1W9M1W3M1W5MiXpW3M4XbW5XoW1X6W9X8M16WoM1XxM1iW3M1WiM1W7MaW2M2X" +
    "aW1XgW3M1X8W2X2W2XmW1X7W1X1W3X4W2X1M1W7M2X2M2X3M1W8X1M4X2W1X3W2M2XcWaX1W1X1M2X3M1X6W4X2W2XmW1X7W" +
    "1X2W1X2W1X2W2X1M1X5M4X2M2X3M3X1M7X4W1X1W7XaW2M3W1MbX3M1X9W1X3W1XmW1X7W1X2W1X5W2X1M1W8M1X3M1X3M2X" +
    "1WfX2W2M2XaW9X1W6M1X3M1X8W2X2W2XmW1X7W1X2W1X5W2X1M1W7M2X2M2X3M7X3M4X2W1X3W2M2XaW1X1WgX1M1W1X6W3X" +
    "3W1X4W3X2W1X1W1X2W3X2W3X3W3XcW4X5M3X3M1X4M2X1W6X1MeXaWgX5M8W1X3W1XnW1XgW2X1M1W7M1X3M1X4M7X2M1X3W" +
    "2X1W2X2W2M2XaWgX1W3M1X8W1X3W1XnW1XaW1X5W2X1M1W7M1X3M1X4M7X2M6X2W1X2W2M2XaW1X2W1McX4M9W1X3W1X15W" +
    "2M1W7M1X3M1X4M1W5X3W1M7X3W2M2XaWaX6W1X3M1XiW3XoW1X9W1X1W2X7W3X1M4X6M1X1M1X8M6XaW2X2MdX1cW1M2W7M" +
    "5X7W8M1XaW13X2W1X1W1X5W1XoW1X1W1XaW1M2W9M1W2X5W1X1W1X7M1XaW2X4WwX1WnX2M6XaWbX1M1X1M1X1M4X2M8W1X" +
    "10W4XkM1X2M5WbM1X10M9X1M1lX17WkMbW6X6W4M4W3M1W3M2W7M3W4MdWcM1W1MaW4M2X12W1X1W5X1W2X17W1X99W1X4W" +
    "2X7W1X1W1X4W2X15W1X4W2XxW1X4W2X7W1X1W1X4W2XfW1X1lW1X4W2X1vW2X3MwXgWgX2eW2X6W3Xh8W2XhW1XqW5X23W6X" +
    "8W7XiW4M9XjW3MbXiW2McXdW1X3W1X2McX1gWwM3X1W4X1W1M2XaWxX3M1X1MaW6X2hW7X5W2MyW1M1W5X1yWaXvW1XcM4X" +
    "cMaX14W2X5WbX18W4XqW6XaW12XnW5M4X1hWaM1XtM2X1MaW6XaWdX1W8XvM1dX5M1bWhM8W3XaWhX9McX3MuWdM1kWeMcX" +
    "10WkM8XaW3X1dW2X9W7X17W2X3WgX3M1XlM4W1M6W1M2W3M1W5X5cW1sM7qW2X6W2X12W2X6W2X8W1X1W1X1W1X1W1XvW2X" +
    "1hW1X7W1X1W3X3W1X7W3X4W2X6W4XdW5X3W1X7W38X1WdX1WgXdW1fXxMhX1W4X1W2XaW1X1W3X5W6X1W1X1W1X1W1X4W1X" +
    "bW2X4W5X5W4X1W1gX2W22jX6dW6X4W3M2WcX12W1X1W5X1W2X1kW7X1WfX1MnW9X7W1X7W1X7W1X7W1X7W1X7W1X7W1X7W1X" +
    "wM1bX1W28XqH1X2hHcX5yH1bX1C1W1HpX9H6M1X5W2X3H1C1W4X2eC2X2M2X3C1X2iC1X1W3C5X17W1X2mWhXwW1cXgC5sX" +
    "1bH1X2gH4oX534C1sXg74CwdW1vX1aW2X7hW3XsWkX1bW4M1XaM1XvW2M1yWaX2M11X9W2X2vW2X1sW5X2W1X1W1X5WoXgW" +
    "1M3W1M4W1MnW5M4X1MjX1gWcX2M1eWiMaXaW6XiM6W3X1W1X2W1M12W8M2XnWdMcXtW3X4M1bWeMeXbW6X5W1MpW1X15WeM" +
    "9X3W1M8W2M2XaW6XnW3X1W3M1eW1M1W3M2W2M5W2M1W1M1WoX3W2XbW5M2X3W2MaX6W2X6W2X6W9X7W1X7W1X17W1XeW6X" +
    "37W8M1X2M2XaW6X8mcWcXnW4X1dW6isXa6C2X2yC12X7WcX5W5X1W1MaW1XdW1X5W1X1W1X2W1X2W1X30WxXa3WiX1sW2X" +
    "1iW14XcW4XgMgXgM1sX5W1X3rWjXaW7XqW6XqWbXaC1W19CxW3X6W2X6W2X6W2X3WzXcW1XqW1XjW1X2W1XfW2XeWyX3fW" +
    "76X1M3mXtW3X1dWfX1MvXwWdXkW1X8W6X12W5M5XuW2X10W4X8W1cX4eW2XaW6X10W4X10W4X14W8X1gWcXbW1XfW1X7W1X" +
    "2W1XbW1XfW1X7W1X2W1vX8nW9XmWaX8WoX6W1X16W1X9W1xX6W2X1W1X18W1X2W3X1W2XnWaXnW9XvW1tXjW1X2WaXmWaXqW" +
    "1yX1kW6X2W1sX1W3M1X2M5X4M4W1X3W1XtW2X3M4X1MwXtW3XtWzX8W1XsW2MpX1iWaXmWaXjWdXiW32X21W1jX1fWdX1fW" +
    "dX10W4M8XaW92X16W1X2M3X2W23X3MtWaX1W8XmWbMvXiW4M16XlWrXnW9X3M1hWfMvXaW1M2W2M1W9X4M19WbM7X1MdXpW" +
    "7XaW6X3M10WeM1XaW4X1W2M1W8XzW1M2X1W9X3M1cWeM4W4X4M1X2MbW1X1WzXiW1XpWcM6X1M2W1M1qX7W1X1W1X4W1XfW" +
    "1XaW7X1bWcM5XaW6X4M1X8W2X2W2XmW1X7W1X2W1X5W1X2M1W7M2X2M2X3M2X1W6X1M5X5W2M2X7M3X5M3vX1hWiM4W5XaW" +
    "4X1M3WuX1cWkM2W1X1W8XaW4mX1bW7M2X9MnX4W2MyX1cWhM3X1WbXaW12X17WdM1W7XaW1iXrW2XfM4XaW6X7W55X18WfM" +
    "2tX22WlX8W2X1W2X8W1X2W1XoW6M1X2M2X4M1W1M1W2McXaW1yX8W2X13W7M2X7M1W1X1W1MrX1WaM14W7M1W4M8X1M8X1W" +
    "bM1aWgM3X1WiX21W7bX9W1X11W8M1X8M1WfXaWoXuW2XmM1XeM21X7W1X2W1X12W6M3X1M1X2M1X7M1W1M8XaW6X6W1X2W1X" +
    "wW5M1X2M1X5M1W7XaW8mXjW4M9X2M1W1MdW1XyW7M3X5MdXaW2eX1W27XpmW6eX5gW218X2pWfXtsWgX1M6WfM33eXg7W" +
    "6ntXftW7XvW1XaW6X27W1XaW6XuW2X5MbX1cW7M9X4WcXaW9XlW5XjWj4X1sW3kX23W4X1M1W1jM7X4MdW1sX2W1H1C1MbX" +
    "2HeX4qgW8XyeW16X9W6w7X4C1X7C1X2C1X83CfX1CtX3C2X1CeX4C8Xb0W1s4X2zW5XdW3X9W7XaW3X2M3mpX1aM2XnMf2X" +
    "5M3X6M8X8M2X7MuX4M44X3McbX2dW1X1zW1X2W2X1W2X2W2X4W1XcW1X1W1X7W1X1tW1X4W2X8W1X7W1XsW1X4W1X5W1X1W" +
    "3X7W1X9gW2XpW1XpW1XvW1XpW1XvW1XpW1XvW1XpW1XvW1XpW1X8W2X1eWe8X1jM4X1eM8X1MeX1MmX5M1XfMuoXvW6X6W" +
    "5xX7M1XhM2X7M1X2M1X5M5X1qWxX1M34X19W3X7M7W2XaW4X1W8xXuW1MhX18W4MaWd2XsW4MaWkmX7W1X4W1X2W1XfW1X" +
    "5hWbX7M15X1wW7M1W4XaWx2X4W1XrW1X2W1X1W2X1W1XaW1X4W1X1W1X1W6X1W4X1W1X1W1X1W1X3W1X2W1X1W2X1W1X1W1X" +
    "1W1X1W1X1W1X2W1X1W2X4W1X7W1X4W1X4W1X1W1XaW1XhW5X3W1X5W1XhWn8X1H1ynXaWsmXwyoCwX37eC6X66C2X4g2CeX" +
    "5rlC2e7Xf2C15uX3t7C5X38gCf9e8X6oM47bkX";
  var runEnds = [];
  var runClasses = [];
  (function () {
    var re = /([0-9a-z]+)([XMWHC])/g;
    var run;
    var end = 0x80;
    while ((run = re.exec(CLASSES)) !== null) {
      end += parseInt(run[1], 36);
      runEnds.push(end);
      runClasses.push(run[2]);
    }
  })();

  // classOf returns the class of a code point.
  function classOf(cp) {
    if (cp < 0x80) {
      return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? "W" : "X";
    }
    var lo = 0;
    var hi = runEnds.length - 1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (runEnds[mid] > cp) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return runClasses[lo];
  }

  // startsWord tells whether s has a letter or digit at index i (Go's
  // isWordStart).
  function startsWord(s, i) {
    if (i >= s.length) {
      return false;
    }
    var c = classOf(s.codePointAt(i));
    return c === "W" || c === "C";
  }

  // words returns the words of s: runs of letters, digits and marks, with
  // inner apostrophes (' and ’ followed by a letter or digit); each Han,
  // Hiragana or Katakana character is a word of its own. start and end
  // are indices in s, in UTF-16 code units as JavaScript strings count
  // (the Go analyzer's are byte offsets). A lone surrogate separates words.
  // With the language's bigrams (cjk), runs of CJK characters become the
  // pairs of their neighbours instead (Go's eachTerm).
  function words(s) {
    var out = [];
    var start = -1;
    function emit(a, b) {
      var raw = s.slice(a, b);
      var lw = lower(raw);
      out.push({ raw: raw, lower: L.norm ? L.norm(lw) : lw, stem: L.stem(lw), start: a, end: b });
    }
    var put = L.bigrams ? pairs(s, emit) : { word: emit, end: function () {} };
    for (var i = 0; i < s.length; ) {
      var cp = s.codePointAt(i);
      var n = cp > 0xffff ? 2 : 1;
      var c = classOf(cp);
      if ((cp === 0x27 || cp === 0x2019) && start >= 0 && startsWord(s, i + 1)) {
        // an inner apostrophe: the word goes on
      } else if (c === "H" || c === "C") {
        if (start >= 0) {
          put.word(start, i);
          start = -1;
        }
        put.word(i, i + n);
      } else if (c === "W" || c === "M") {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        put.word(start, i);
        start = -1;
      }
      i += n;
    }
    if (start >= 0) {
      put.word(start, s.length);
    }
    put.end();
    return out;
  }

  // isBigram is lang.go's: Han, Hiragana, Katakana and Hangul letters,
  // and the prolonged sound marks of Kana.
  function isBigram(cp) {
    if (cp === 0x30fc || cp === 0xff70) {
      return true;
    }
    var c = classOf(cp);
    return c === "C" || (c === "W" && isHangul(cp));
  }
  // HANGUL are the ranges of Go's unicode.Hangul.
  var HANGUL = [0x1100, 0x11ff, 0x302e, 0x302f, 0x3131, 0x318e, 0x3200, 0x321e, 0x3260, 0x327e,
    0xa960, 0xa97c, 0xac00, 0xd7a3, 0xd7b0, 0xd7c6, 0xd7cb, 0xd7fb, 0xffa0, 0xffbe,
    0xffc2, 0xffc7, 0xffca, 0xffcf, 0xffd2, 0xffd7, 0xffda, 0xffdc];
  function isHangul(cp) {
    for (var i = 0; i < HANGUL.length; i += 2) {
      if (cp >= HANGUL[i] && cp <= HANGUL[i + 1]) {
        return true;
      }
    }
    return false;
  }

  // pairs is Go's eachTerm with bigrams: it takes words and emits them,
  // except that runs of CJK characters next to each other give each pair
  // of neighbours, or their one character alone.
  function pairs(s, emit) {
    var run = [];
    var end = -1;
    function flush() {
      if (run.length === 1) {
        emit(run[0], end);
      }
      for (var i = 0; i + 1 < run.length; i++) {
        emit(run[i], i + 2 < run.length ? run[i + 2] : end);
      }
      run = [];
    }
    function word(a, b) {
      var i;
      for (i = a; i < b; ) {
        var cp = s.codePointAt(i);
        if (!isBigram(cp)) {
          flush();
          emit(a, b);
          return;
        }
        i += cp > 0xffff ? 2 : 1;
      }
      if (a !== end) {
        flush();
      }
      for (i = a; i < b; ) {
        run.push(i);
        i += s.codePointAt(i) > 0xffff ? 2 : 1;
      }
      end = b;
    }
    return { word: word, end: flush };
  }

  // lower lowercases a word as Go's appendLowerLang does: each code
  // point on its own, as unicode.ToLower maps it (so Σ is σ even at the
  // end, and İ is i, where toLowerCase of a whole string gives ς and i̇);
  // ’ becomes ', cjk folds widths, and in English a possessive 's is
  // dropped.
  function lower(raw) {
    var out = "";
    for (var i = 0; i < raw.length; ) {
      var cp = raw.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      i += ch.length;
      if (L.width) {
        cp = foldWidth(cp);
        ch = String.fromCodePoint(cp);
      }
      out += cp === 0x2019 ? "'" : cp === 0x130 ? "i" : ch.toLowerCase();
    }
    if (L.english && out.length > 2 && out.slice(-2) === "'s") {
      out = out.slice(0, -2);
    }
    return out;
  }

  // HALF_KANA is tokens.go's halfKana: U+FF65 to U+FF9F as full width.
  var HALF_KANA = [
    0x30fb, 0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
    0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab,
    0x30ad, 0x30af, 0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd,
    0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc, 0x30cd,
    0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df, 0x30e0,
    0x30e1, 0x30e2, 0x30e4, 0x30e6, 0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec,
    0x30ed, 0x30ef, 0x30f3, 0x3099, 0x309a,
  ];
  function foldWidth(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) {
      return cp - 0xfee0;
    }
    if (cp >= 0xff65 && cp <= 0xff9f) {
      return HALF_KANA[cp - 0xff65];
    }
    return cp;
  }

  // L is the language: lang-<analysis>.js gives it with use. Its fields:
  // name (the analysis, as meta.json's lang), stem(lower) ("" for a word
  // the index leaves out), norm(lower) (the form of Go's word.lower;
  // absent: lower itself), english (possessives), width and bigrams
  // (cjk), linking (letters joining compounds' parts). Until then, the
  // neutral analysis.
  var L = { name: "none", stem: function (lw) { return lw; } };
  function use(l) {
    L = l;
  }
  function lang() {
    return L;
  }

  return {
    words: words,
    stem: function (lw) { return L.stem(lw); },
    norm: function (lw) { return L.norm ? L.norm(lw) : lw; },
    lower: lower,
    isStop: function (lw) { return L.stem(lw) === ""; },
    // isLetter is Go's unicode.IsLetter, but for the digits of other
    // scripts than Latin, which the table counts as letters.
    isLetter: function (cp) { var c = classOf(cp); return (c === "W" || c === "C") && !(cp >= 0x30 && cp <= 0x39); },
    use: use,
    lang: lang,
  };
})();
