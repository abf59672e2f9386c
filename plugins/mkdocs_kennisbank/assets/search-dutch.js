/* Kennisbank search: the Dutch analysis and the ranking of the command line, in the browser.
 *
 * The build (browserindex.py) ships the kennisbank's word map in small shards: every word of
 * the kennisbank and the dictionary forms of its lemmas and compound parts, each with the index
 * terms dutch.py gives it, plus the index terms themselves. A word that is not in the map is
 * analysed here with dutch.py's rules (sent along in the manifest, never copied by hand):
 * apostrophes, diminutives, separable participles, then the decompounder over the map's words.
 * A test runs this file in Node on the benchmark's word list and compares it with dutch.py.
 *
 * Ranking is the command line's (textsearch.py `_rank`): pages that match all words come
 * first, then most, then some; a word counts 1 when its own normal form matches and a compound
 * matched only through its parts at most `partCoverage`; then BM25 (compound parts weigh
 * `partWeight`). A page that shares no term with the query is never a hit.
 *
 * Data arrives through KBSearchData(kind, ...) calls in script files, so the same files load
 * over http(s) and from a file share (file://, where browsers refuse fetch).
 */
(function (root) {
  "use strict";

  var store = { manifest: null, words: {}, terms: {}, vocabulary: [{}, {}], postings: {}, documents: {}, lengths: null, facets: null };

  root.KBSearchData = function (kind, a, b, c) {
    if (kind === "manifest") store.manifest = a;
    else if (kind === "words") { store.words[a] = parseWords(b); store.terms[a] = parseTerms(c); }
    else if (kind === "vocabulary") store.vocabulary[a - 1][b] = parseVocabulary(c);
    else if (kind === "postings") store.postings[a] = parsePostings(b);
    else if (kind === "document") store.documents[a] = b;
    else if (kind === "lengths") store.lengths = decodeNumbers(a);
    else if (kind === "facets") store.facets = a;
  };

  /* obj[key] only when obj has it itself: a word such as "constructor" must never find
     Object.prototype's members in a shard or table parsed from JSON. */
  function own(obj, key) {
    return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  function setOf(list) {
    var set = Object.create(null);
    list.forEach(function (item) { set[item] = true; });
    return set;
  }

  /* The index terms of a shard: term -> true. */
  function parseTerms(text) {
    var map = Object.create(null);
    (text ? text.split(" ") : []).forEach(function (t) { map[t] = true; });
    return map;
  }

  /* "word|terms|flags|lemma-stem": terms default to the word itself, flags to none. */
  function parseWords(text) {
    var map = Object.create(null);
    if (!text) return map;
    text.split("\n").forEach(function (line) {
      var f = line.split("|");
      map[f[0]] = { terms: f[1] ? f[1].split(",") : [f[0]], known: (f[2] || "").indexOf("K") >= 0, stem: f[3] || null };
    });
    return map;
  }

  function parseVocabulary(text) {
    var list = [];
    text.split("\n").forEach(function (line) {
      var space = line.indexOf(" ");
      list.push(space < 0 ? [line, 1] : [line.slice(0, space), Number(line.slice(space + 1))]);
    });
    return list;
  }

  /* Posting lines "term=code|word,word": the code is decoded when a query asks for the term. */
  function parsePostings(text) {
    var map = Object.create(null);
    text.split("\n").forEach(function (line) {
      var eq = line.indexOf("="), bar = line.indexOf("|", eq);
      map[line.slice(0, eq)] = {
        code: bar < 0 ? line.slice(eq + 1) : line.slice(eq + 1, bar),
        forms: bar < 0 ? [] : line.slice(bar + 1).split(","),
      };
    });
    return map;
  }

  /* searchfiles.number_code, one number after the other: a letter below 32 ends a number, one
     from 32 carries five more bits of it. */
  var DIGITS = null;
  function decodeNumbers(code) {
    if (!DIGITS) {
      DIGITS = {};
      store.manifest.alphabet.split("").forEach(function (letter, i) { DIGITS[letter] = i; });
    }
    var out = [], current = 0;
    for (var i = 0; i < code.length; i++) {
      var digit = DIGITS[code[i]];
      if (digit >= 32) current = current * 32 + digit - 32;
      else { out.push(current * 32 + digit); current = 0; }
    }
    return out;
  }

  /* searchfiles.gaps_code: ascending document numbers as their gaps. */
  function decodeGaps(code) {
    var docs = [], doc = -1;
    decodeNumbers(code).forEach(function (gap) { doc += gap + 1; docs.push(doc); });
    return docs;
  }

  /* searchfiles.postings_code: per posting (gap - 1) * slots + count - 1, a large count after it. */
  function decodePostings(code) {
    var numbers = decodeNumbers(code), slots = store.manifest.countSlots;
    var docs = [], counts = [], doc = -1;
    for (var i = 0; i < numbers.length; i++) {
      var slot = numbers[i] % slots;
      doc += (numbers[i] - slot) / slots + 1;
      docs.push(doc);
      counts.push(slot < slots - 1 ? slot + 1 : slots + numbers[++i]);
    }
    return { docs: docs, counts: counts };
  }

  // -- text ----------------------------------------------------------------------------------

  var ASCII = /^[\x00-\x7f]*$/;
  var MARKS = /\p{Mn}/gu;
  var TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
  var LETTERS = /^\p{L}+$/u;

  /* dutch.fold: lowercase without diacritics. */
  function fold(text) {
    text = text.toLowerCase();
    return ASCII.test(text) ? text : text.normalize("NFKD").replace(MARKS, "");
  }

  function words(text) { return text.toLowerCase().match(TOKEN) || []; }

  function shardKey(word) { return fold(word).replace(/[^a-z0-9]/g, "_"); }

  /* The longest prefix in `table` (sorted list) that `key` starts with, or null. */
  function shardFor(table, key) {
    for (var n = Math.min(key.length, 4); n >= 1; n--) {
      if (table.indexOf(key.slice(0, n)) >= 0) return key.slice(0, n);
    }
    return null;
  }

  // -- the analysis ----------------------------------------------------------------------------

  /* An analyser over the shards loaded so far. Every lookup of an unloaded shard is recorded in
     `missing`; the caller loads those and runs the analysis again (see Engine.analyse). */
  function Analyser(manifest, missing) {
    var rules = manifest.rules;
    var stop = setOf(rules.stop), notFirst = setOf(rules.notFirst), notLast = setOf(rules.notLast);
    var keepWhole = rules.keepWhole || {};  // read with own(): its keys are words

    function entry(word) {
      var prefix = shardFor(manifest.words, shardKey(word));
      if (prefix === null) return null;
      var shard = store.words[prefix];
      if (!shard) { missing[prefix] = true; return null; }
      return own(shard, word) || null;
    }

    function known(piece) { var e = entry(piece); return !!(e && e.known); }

    function isStop(word) { return !!(stop[word] || stop[fold(word)]); }

    /* _stem(_lemma(piece)) for a dictionary part, or a placeholder no page has. */
    function lemmaStem(piece) {
      var e = entry(piece);
      return e ? (e.stem || e.terms[0]) : "?" + piece;
    }

    function derived(piece) {
      return rules.derived.some(function (s) { return piece.length > s.length && piece.slice(-s.length) === s && known(piece.slice(0, -s.length)); });
    }

    function compare(a, b) {
      if (a[0] !== b[0]) return a[0] - b[0];
      if (a[1] !== b[1]) return a[1] - b[1];
      for (var i = 0; i < Math.min(a[2].length, b[2].length); i++) {
        if (a[2][i] !== b[2][i]) return a[2][i] < b[2][i] ? -1 : 1;
      }
      return a[2].length - b[2].length;
    }

    /* dutch._segments over the map's words. */
    function segments(word) {
      var n = word.length, memo = {}, minPart = rules.minPart;
      function best(start) {
        if (start in memo) return memo[start];
        var found = null;
        function offer(option) { if (!found || compare(option, found) < 0) found = option; }
        for (var end = start > 0 ? n : n - minPart; end >= start + minPart; end--) {
          var piece = word.slice(start, end), last = end === n;
          if (stop[piece]) continue;
          if (!known(piece) && !(last && derived(piece))) continue;
          if (start === 0 && (notFirst[piece] || (piece.slice(-1) === "s" && notFirst[piece.slice(0, -1)]))) continue;
          if (last) {
            if (start === 0 || notLast[piece] || (word[start - 1] === "s" && notLast["s" + piece])) continue;
            offer([1, -piece.length * piece.length, [piece]]);
            continue;
          }
          ["", "s"].forEach(function (link) {
            var tail = end + link.length;
            if (link && word.slice(end, tail) !== link) return;
            if (n - tail < minPart || (link && notLast["s" + word.slice(tail)])) return;
            var rest = best(tail);
            if (!rest || rest[0] + 1 > rules.maxParts) return;
            offer([rest[0] + 1, rest[1] - piece.length * piece.length, [piece + link].concat(rest[2])]);
          });
        }
        memo[start] = found;
        return found;
      }
      var result = best(0);
      if (!result || result[0] < 2) return null;
      if (result[0] > 2 && Math.min.apply(null, result[2].map(function (s) { return s.length; })) < rules.minPartLength) return null;
      return result[2];
    }

    /* The longest known first part (4+ letters, linking s allowed) followed by 5+ letters, for a
       word that does not start with a prefix (achter-, onder-, ...) and does not end like an
       adjective or adverb (-lijke, -ige, ...) in any of its inflections. */
    function knownFirstPart(word) {
      if (rules.notFirst.some(function (p) { return p.length >= rules.minPartLength && word.indexOf(p) === 0; })) return null;
      var bare = [word, word.replace(/(?:e|en|er|ere|st|ste|s)$/, "")];
      if (bare.some(function (w) { return rules.noSplitEndings.some(function (s) { return w.slice(-s.length) === s; }); })) return null;
      for (var end = word.length - 5; end >= rules.minPartLength; end--) {
        var piece = word.slice(0, end), head = word.slice(end);
        if (notLast[head] || stop[piece]) continue;
        if (known(piece) && !notFirst[piece]) return [piece, head];
        var linked = piece.slice(0, -1);
        if (piece.slice(-1) === "s" && linked.length >= rules.minPartLength && known(linked) && !notFirst[linked] && !notLast["s" + head]) {
          return [linked, head];
        }
      }
      return null;
    }

    function unique(list) {
      var seen = Object.create(null), out = [];
      list.forEach(function (item) { if (!seen[item]) { seen[item] = true; out.push(item); } });
      return out;
    }

    /* dutch._analyse for a word the map does not have: (normal form, *compound parts). */
    function analyseUnknown(word) {
      if (/['’]s$/.test(word)) word = word.slice(0, -2);
      word = word.replace(/’/g, "'").replace(/^'+|'+$/g, "");
      var e = entry(word) || entry(fold(word));
      if (e) return e.terms;
      var base = fold(word);
      if (base.slice(-3) === "ies" && known(base.slice(0, -3) + "y")) base = base.slice(0, -3) + "y";
      for (var i = 0; i < rules.diminutives.length; i++) {
        var ending = rules.diminutives[i];
        if (base.slice(-ending.length) === ending && base.length - ending.length >= rules.minPart) {
          var stem = base.slice(0, -ending.length);
          if (ending[0] === "e" && stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) stem = stem.slice(0, -1);
          if (known(stem) && !stop[stem]) return entry(stem).terms;
        }
      }
      if (base === fold(word)) {
        for (var j = 0; j < rules.particles.length; j++) {
          var particle = rules.particles[j], rest = base.slice(particle.length + 2);
          if (base.indexOf(particle + "ge") === 0 && rest.length >= rules.minPart) {
            if (known(particle + rest)) return entry(particle + rest).terms;
            break;
          }
        }
      }
      if (own(keepWhole, base)) return unique([lemmaStem(base)].concat(own(keepWhole, base).map(lemmaStem)));
      if (base.indexOf("'") >= 0 || base.length < rules.minCompound || !LETTERS.test(base) ||
          rules.noSplitEndings.some(function (s) { return base.slice(-s.length) === s; })) {
        return ["?" + base];
      }
      var segs = segments(base);
      if (!segs) {
        // A known first part and a head the map does not have (windturbines: wind + turbines). The
        // dictionary behind dutch.py knows far more heads than this kennisbank has; such a head
        // matches no page anyway, but its known first part does, as on the command line.
        var pair = knownFirstPart(base);
        if (!pair) return ["?" + base];
        return unique(["?" + base, lemmaStem(pair[0]), "?" + pair[1]].filter(function (p) { return !stop[p]; }));
      }
      var head = segs[segs.length - 1];
      var modifiers = segs.slice(0, -1).map(function (s) {
        return s.slice(-1) === "s" && known(s.slice(0, -1)) && !known(s) ? s.slice(0, -1) : s;
      });
      var headStem = lemmaStem(head);
      var normal = headStem.charAt(0) === "?" ? "?" + base : segs.slice(0, -1).join("") + headStem;
      var parts = modifiers.map(lemmaStem).concat([headStem]).filter(function (p) { return !stop[p]; });
      return unique([normal].concat(parts));
    }

    /* dutch._word_terms: index terms of one lowercased word; [] for stop words and single characters. */
    this.wordTerms = function (word) {
      if (word.length < 2 || isStop(word)) return [];
      var e = entry(word) || entry(fold(word));
      return e ? e.terms : analyseUnknown(word);
    };

    /* dutch.query_groups: per query word that counts, [word, its alternatives]. */
    this.groups = function (text) {
      var out = [], seen = Object.create(null), self = this;
      words(text).forEach(function (word) {
        var analysed = self.wordTerms(word);
        if (analysed.length && !seen[analysed[0]]) {
          seen[analysed[0]] = true;
          out.push([word, analysed]);
        }
      });
      return out;
    };

    /* Whether a term is in the index (placeholders never are). */
    this.indexed = function (term) {
      if (term.charAt(0) === "?") return false;
      var prefix = shardFor(manifest.words, shardKey(term));
      if (prefix === null) return false;
      var terms = store.terms[prefix];
      if (!terms) { missing[prefix] = true; return false; }
      return !!own(terms, term);
    };
  }

  // -- "Bedoelde je ...?" (dutch.suggest) ----------------------------------------------------------

  /* Damerau-Levenshtein distance (adjacent swaps count 1), or limit + 1 when larger. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var previous2 = [], previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var current = [i], lowest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
        current.push(value);
        if (value < lowest) lowest = value;
      }
      if (lowest > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  function suggestFrom(word, candidates) {
    var folded = fold(word);
    if (folded.length < 4 || !LETTERS.test(folded)) return null;
    var limit = folded.length < 8 ? 1 : 2, best = null;
    for (var i = 0; i < candidates.length; i++) {
      var candidate = candidates[i][0], count = candidates[i][1];
      if (Math.abs(candidate.length - folded.length) > limit) continue;
      var key = fold(candidate);
      if (key === folded) return null;
      if (key[0] !== folded[0] && key.slice(1, 2) !== folded.slice(1, 2)) continue;
      var d = distance(folded, key, limit);
      if (d <= limit && (!best || d < best[0] || (d === best[0] && (count > best[1] || (count === best[1] && candidate < best[2]))))) {
        best = [d, count, candidate];
      }
    }
    return best ? best[2] : null;
  }

  // -- the engine ------------------------------------------------------------------------------

  /* options.base: URL of the data folder (ending in "/"); options.manifest: URL of the manifest;
     options.load(url) -> Promise (default: a <script> tag). */
  function Engine(options) {
    this.options = options;
    this.load = options.load || loadScript;
    this.loaded = {};
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.async = true;
      tag.onload = function () { resolve(); };
      tag.onerror = function () { reject(new Error("Kon " + url + " niet laden")); };
      document.head.appendChild(tag);
    });
  }

  Engine.prototype.file = function (name) {
    var url = name === "manifest" ? this.options.manifest : this.options.base + name + ".js";
    if (!this.loaded[url]) this.loaded[url] = this.load(url);
    return this.loaded[url];
  };

  Engine.prototype.ready = function () {
    var self = this;
    return this.file("manifest").then(function () {
      if (!store.manifest) throw new Error("De zoekgegevens ontbreken");
      self.manifest = store.manifest;
      return self;
    });
  };

  /* Run `work(analyser)` until it needs no shard that is not loaded yet. */
  Engine.prototype.withShards = function (work) {
    var self = this;
    function attempt(round) {
      var missing = {};
      var result = work(new Analyser(self.manifest, missing));
      var names = Object.keys(missing);
      if (!names.length || round > 8) return Promise.resolve(result);
      return Promise.all(names.map(function (p) { return self.file("w-" + p); })).then(function () { return attempt(round + 1); });
    }
    return attempt(0);
  };

  /* The query's groups: [{word, terms: [alternatives], indexed: [bool]}], stop words left out. */
  Engine.prototype.analyse = function (text) {
    return this.withShards(function (analyser) {
      return analyser.groups(text).map(function (group) {
        return { word: group[0], terms: group[1], indexed: group[1].map(analyser.indexed) };
      });
    });
  };

  /* BM25's idf, as textsearch.py computes it. */
  Engine.prototype.idf = function (pages) {
    var total = this.manifest.documents.count;
    return Math.log(1 + (total - pages + 0.5) / (pages + 0.5));
  };

  Engine.prototype.suggest = function (word) {
    var key = shardKey(word), self = this, names = [];
    if (key.length < 4) return Promise.resolve(null);
    if (this.manifest.vocabulary[0].indexOf(key[0]) >= 0) names.push("v1-" + key[0]);
    if (this.manifest.vocabulary[1].indexOf(key[1]) >= 0) names.push("v2-" + key[1]);
    return Promise.all(names.map(function (n) { return self.file(n); })).then(function () {
      var seen = Object.create(null), candidates = [];
      [(store.vocabulary[0][key[0]] || []), (store.vocabulary[1][key[1]] || [])].forEach(function (list) {
        list.forEach(function (item) { if (!seen[item[0]]) { seen[item[0]] = true; candidates.push(item); } });
      });
      return suggestFrom(word, candidates);
    });
  };

  /* textsearch._rank over per-term results. `lookup(term)` -> Promise of {id: score} for the
     pages that have the term (a term no page has: {}). Returns {ranked: [{id, coverage, score}],
     unknown: [group numbers no page matches], partsOnly: [compounds of which pages have some
     parts but none has all], partial: true when no page has every word}. */
  Engine.prototype.rank = function (groups, lookup, order) {
    var ranking = this.manifest.ranking;
    var terms = [];
    groups.forEach(function (g) { g.terms.forEach(function (t, i) { if (g.indexed[i] && terms.indexOf(t) < 0) terms.push(t); }); });
    return Promise.all(terms.map(lookup)).then(function (found) {
      var byTerm = Object.create(null);
      terms.forEach(function (t, i) { byTerm[t] = found[i]; });
      var coverage = {}, score = {}, unknown = [], wholeMissing = [], partsOnly = [];
      groups.forEach(function (g, number) {
        var whole = (g.indexed[0] && byTerm[g.terms[0]]) || {};
        var parts = g.terms.slice(1).map(function (t, i) { return (g.indexed[i + 1] && byTerm[t]) || {}; });
        var any = Object.keys(whole).length > 0;
        Object.keys(whole).forEach(function (id) { coverage[id] = (coverage[id] || 0) + 1; });
        // A compound no page has as a whole counts only where a page has all of its parts
        // (lerarentekort: leraar and tekort); one part alone (bedrijf of bedrijfsbezoek) is no hit.
        var counted = {}, someParts = false;
        parts.forEach(function (p) {
          Object.keys(p).forEach(function (id) {
            someParts = true;
            if (id in whole) return;
            counted[id] = (counted[id] || 0) + 1;
          });
        });
        var allParts = Object.keys(counted).filter(function (id) { return counted[id] === parts.length; });
        allParts.forEach(function (id) { coverage[id] = (coverage[id] || 0) + ranking.partCoverage; });
        if (allParts.length) any = true;
        if (!any && someParts) partsOnly.push(number);
        else if (!any) unknown.push(number);
        else if (!Object.keys(whole).length) wholeMissing.push(number);
        [whole].concat(parts).forEach(function (p, position) {
          var weight = position === 0 ? 1 : ranking.partWeight;
          Object.keys(p).forEach(function (id) {
            if (position === 0 || id in whole || counted[id] === parts.length) score[id] = (score[id] || 0) + weight * p[id];
          });
        });
      });
      var ranked = Object.keys(coverage).map(function (id) {
        return { id: id, coverage: Math.round(coverage[id] * 1000) / 1000, score: score[id] || 0 };
      });
      ranked.sort(function (a, b) {
        return b.coverage - a.coverage || b.score - a.score || (order ? order(a.id, b.id) : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      });
      return {
        ranked: ranked, unknown: unknown, wholeMissing: wholeMissing, partsOnly: partsOnly,
        partial: !!ranked.length && ranked[0].coverage <= groups.length - 1,
      };
    });
  };

  // -- our own inverted index (every query, served and file://) -------------------------------

  /* BM25 of one term over the shipped postings (the command line's formula and weights):
     Promise of {document number: score}. */
  Engine.prototype.lookup = function (term) {
    var self = this, manifest = this.manifest;
    var entry = this.postings(term);
    return Promise.all([entry, this.file("lengths")]).then(function (found) {
      if (!found[0]) return {};
      var p = decodePostings(found[0].code), lengths = store.lengths;
      if (!self.average) self.average = lengths.reduce(function (s, n) { return s + n; }, 0) / Math.max(lengths.length, 1) || 1;
      var k1 = manifest.ranking.k1, b = manifest.ranking.b;
      var idf = self.idf(p.docs.length);
      var out = {};
      p.docs.forEach(function (doc, i) {
        var tf = p.counts[i], length = lengths[doc] / self.average;
        out[doc] = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length));
      });
      return out;
    });
  };

  /* A term's posting entry {code, forms} (undefined when no page has it). */
  Engine.prototype.postings = function (term) {
    var prefix = shardFor(this.manifest.postings, shardKey(term));
    if (prefix === null) return Promise.resolve(undefined);
    return this.file("p-" + prefix).then(function () { return own(store.postings[prefix], term); });
  };

  /* The words of the text that carry a term, lowercased without edge punctuation (for marking). */
  Engine.prototype.forms = function (term) {
    return this.postings(term).then(function (entry) { return entry ? entry.forms : []; });
  };

  /* The filters: Promise of {filter name: {value: [document numbers]}} (searchfiles.py writes
     each value's documents as gaps, like postings without counts). */
  Engine.prototype.facets = function () {
    if (!this.decodedFacets) {
      this.decodedFacets = this.file("facets").then(function () {
        var out = {};
        Object.keys(store.facets || {}).forEach(function (name) {
          out[name] = Object.create(null);
          store.facets[name].forEach(function (pair) { out[name][pair[0]] = decodeGaps(pair[1]); });
        });
        return out;
      });
    }
    return this.decodedFacets;
  };

  /* Documents by number: [url, title, description, facets, kind, text], one file each. */
  Engine.prototype.documents = function (numbers) {
    var self = this;
    return Promise.all(numbers.map(function (n) { return self.file("d-" + n); })).then(function () {
      return numbers.map(function (n) { return store.documents[n]; });
    });
  };

  root.KBSearch = { Engine: Engine, fold: fold, words: words, store: store, suggestFrom: suggestFrom, decodePostings: decodePostings };
})(typeof window !== "undefined" ? window : globalThis);
