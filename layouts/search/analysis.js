// kb's text analysis in the browser: it splits and stems a reader's query
// exactly as kb's Go search index does (package search: eachWord,
// lowerWord and the stemmer in tokens.go, stopWords in mapping.go), so
// the static client looks up the index's own terms. Change the two
// together: layouts/search_analysis_test.go runs this file in goja and
// compares it with the Go code on the example site, on hand-written cases,
// on each code point that can be part of a word, and under fuzzing.
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
  function words(s) {
    var out = [];
    var start = -1;
    function emit(a, b) {
      var raw = s.slice(a, b);
      var lw = lower(raw);
      out.push({ raw: raw, lower: lw, stem: stem(lw), start: a, end: b });
    }
    for (var i = 0; i < s.length; ) {
      var cp = s.codePointAt(i);
      var n = cp > 0xffff ? 2 : 1;
      var c = classOf(cp);
      if ((cp === 0x27 || cp === 0x2019) && start >= 0 && startsWord(s, i + 1)) {
        // an inner apostrophe: the word goes on
      } else if (c === "H" || c === "C") {
        if (start >= 0) {
          emit(start, i);
          start = -1;
        }
        emit(i, i + n);
      } else if (c === "W" || c === "M") {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        emit(start, i);
        start = -1;
      }
      i += n;
    }
    if (start >= 0) {
      emit(start, s.length);
    }
    return out;
  }

  // lower lowercases a word as Go's lowerWord does: each code point on
  // its own, as unicode.ToLower maps it (so Σ is σ even at the end, and
  // İ is i, where toLowerCase of a whole string gives ς and i̇); ’ becomes
  // ', and a possessive 's is dropped.
  function lower(raw) {
    var out = "";
    for (var i = 0; i < raw.length; ) {
      var cp = raw.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      i += ch.length;
      out += cp === 0x2019 ? "'" : cp === 0x130 ? "i" : ch.toLowerCase();
    }
    if (out.length > 2 && out.slice(-2) === "'s") {
      out = out.slice(0, -2);
    }
    return out;
  }

  var STOPS = new Set(
    ("a about above after again against all am an and any are aren't as at " +
      "be because been before being below between both but by " +
      "can can't cannot cant could couldn't " +
      "did didn't do does doesn't doing don't dont during " +
      "each few for from further had hadn't has hasn't have haven't having " +
      "he he'd he'll he's her here here's hers herself him himself his " +
      "how how's i i'd i'll i'm i've if im into is isn't it it's its itself " +
      "let's me more most mustn't my myself no nor not of once only or " +
      "other ought our ours ourselves over own please same shan't she she'd she'll " +
      "she's should shouldn't so some such than that that's the their theirs " +
      "them themselves then there there's these they they'd they'll they're they've " +
      "this those through to too under until very was wasn't we we'd we'll " +
      "we're we've were weren't what what's when when's where where's which while " +
      "who who's whom why why's will with won't would wouldn't " +
      "you you'd you'll you're you've your yours yourself yourselves").split(" ")
  );

  // isStop tells whether a lowercase word is a stop word, left out of
  // the index.
  function isStop(lw) {
    return STOPS.has(lw);
  }

  var OVERRIDES = new Map([
    ["important", "important"], ["importance", "important"], ["importantly", "important"],
    ["general", "general"], ["generally", "general"], ["news", "news"],
    ["universal", "universal"], ["university", "university"],
  ]);

  // stem returns the indexed term of a lowercase word: "" for a stop
  // word, else its override, else the Porter stem of its American
  // spelling.
  function stem(lw) {
    if (STOPS.has(lw)) {
      return "";
    }
    if (OVERRIDES.has(lw)) {
      return OVERRIDES.get(lw);
    }
    return porter(Array.from(americanize(lw))).join("");
  }

  // americanize spells -ise words with z. Go counts the three letters
  // that must come first in bytes of UTF-8.
  function americanize(w) {
    var m = /is(ations?|ing|ed|es|ers?|e)$/.exec(w);
    if (m === null) {
      return w;
    }
    var bytes = 0;
    for (var i = 0; i < m.index; i++) {
      var c = w.charCodeAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
    }
    return bytes >= 3 ? w.slice(0, m.index) + "iz" + m[1] : w;
  }

  // The Porter stemmer of github.com/blevesearch/go-porterstemmer v1.0.3
  // (StemWithoutLowerCasing), which bleve's porter filter runs, ported
  // with its departures from Porter's paper ("bli", "logi" in step 2). It
  // works on an array of code points; any other than a, e, i, o, u and y
  // is a consonant. A suffix must be shorter than the word.

  function cons(s, i) {
    var c = s[i];
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") {
      return false;
    }
    return c !== "y" || i === 0 || !cons(s, i - 1);
  }

  // measure is m in [C](VC)^m[V].
  function measure(s) {
    var m = 0;
    var i = 0;
    while (i < s.length && cons(s, i)) {
      i++;
    }
    while (i < s.length) {
      while (i < s.length && !cons(s, i)) {
        i++;
      }
      if (i === s.length) {
        break;
      }
      while (i < s.length && cons(s, i)) {
        i++;
      }
      m++;
    }
    return m;
  }

  function hasSuffix(s, suf) {
    var n = s.length - suf.length;
    if (n <= 0) {
      return false;
    }
    for (var i = 0; i < suf.length; i++) {
      if (s[n + i] !== suf[i]) {
        return false;
      }
    }
    return true;
  }

  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) {
      if (!cons(s, i)) {
        return true;
      }
    }
    return false;
  }

  function doubleCons(s) {
    var n = s.length;
    return n >= 2 && s[n - 1] === s[n - 2] && cons(s, n - 1);
  }

  // cvc: consonant, vowel, consonant at the end.
  function cvc(s) {
    var n = s.length;
    return n >= 3 && cons(s, n - 3) && !cons(s, n - 2) && cons(s, n - 1);
  }

  function last(s) {
    return s[s.length - 1];
  }

  function rules(list) {
    return list.split(" ").map(function (r) {
      return r.split(">");
    });
  }

  var STEP2 = rules(
    "ational>ate tional>tion enci>ence anci>ance izer>ize bli>ble alli>al entli>ent eli>e ousli>ous " +
      "ization>ize ation>ate ator>ate alism>al iveness>ive fulness>ful ousness>ous aliti>al iviti>ive " +
      "biliti>ble logi>log"
  );
  var STEP3 = rules("icate>ic ative> alize>al iciti>ic ical>ic ful> ness>");
  var STEP4 = rules("al> ance> ence> er> ic> able> ible> ant> ement> ment> ent> ion> ou> ism> ate> iti> ous> ive> ize>");

  // replace applies the first rule whose suffix s has, if the measure of
  // what comes before it is above min; later rules are not tried.
  function replace(s, list, min) {
    for (var i = 0; i < list.length; i++) {
      var suf = list[i][0];
      if (hasSuffix(s, suf)) {
        var t = s.slice(0, s.length - suf.length);
        if (measure(t) > min && (suf !== "ion" || last(t) === "s" || last(t) === "t")) {
          return t.concat(list[i][1].split(""));
        }
        return s;
      }
    }
    return s;
  }

  function porter(s) {
    if (s.length <= 2) {
      return s;
    }
    // Step 1a.
    if (hasSuffix(s, "sses") || hasSuffix(s, "ies")) {
      s = s.slice(0, -2);
    } else if (!hasSuffix(s, "ss") && hasSuffix(s, "s")) {
      s = s.slice(0, -1);
    }
    // Step 1b.
    if (hasSuffix(s, "eed")) {
      if (measure(s.slice(0, -3)) > 0) {
        s = s.slice(0, -1);
      }
    } else {
      var n = hasSuffix(s, "ed") ? 2 : hasSuffix(s, "ing") ? 3 : 0;
      var t = s.slice(0, s.length - n);
      if (n > 0 && hasVowel(t)) {
        var c = last(t);
        if (hasSuffix(t, "at") || hasSuffix(t, "bl") || hasSuffix(t, "iz")) {
          s = t.concat("e");
        } else if (c !== "l" && c !== "s" && c !== "z" && doubleCons(t)) {
          s = t.slice(0, -1);
        } else if (measure(t) === 1 && cvc(t) && c !== "w" && c !== "x" && c !== "y") {
          s = t.concat("e");
        } else {
          s = t;
        }
      }
    }
    // Step 1c.
    if (s.length >= 2 && (last(s) === "y" || last(s) === "Y") && hasVowel(s.slice(0, -1))) {
      s[s.length - 1] = last(s) === "y" ? "i" : "I";
    }
    s = replace(s, STEP2, 0);
    s = replace(s, STEP3, 0);
    s = replace(s, STEP4, 1);
    // Step 5a.
    if (last(s) === "e") {
      var u = s.slice(0, -1);
      var mu = measure(u);
      if (mu > 1 || (mu === 1 && !(cvc(u) && last(u) !== "w" && last(u) !== "x" && last(u) !== "y"))) {
        s = u;
      }
    }
    // Step 5b.
    if (s.length > 2 && s[s.length - 2] === "l" && last(s) === "l" && measure(s.slice(0, -1)) > 1) {
      s = s.slice(0, -1);
    }
    return s;
  }

  return { words: words, stem: stem, lower: lower, isStop: isStop };
})();
