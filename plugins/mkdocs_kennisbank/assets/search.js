/* Kennisbank search page.
 *
 * One analysis and one ranking for every surface (search-dutch.js: dutch.py's terms, the
 * command line's most-words-first ranking), over one index of our own (browserindex.py,
 * searchfiles.py), shipped as small script files and loaded with <script> tags when a query
 * needs them. The page works the same served and opened from a file share (file://, where
 * browsers refuse fetch() but run scripts). A first query loads the shards of its words, the
 * postings of its terms and ten small document files (title, description, text for the
 * excerpt); the filters' data (per value its documents) loads when the visitor opens them.
 *
 * The query and filters live in the URL, so a search can be shared.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-kb-search]");
  if (!form || !window.KBSearch) return;

  // The filters as the taxonomy declares them: [URL name, legend], "soort" first (view.search_facets).
  var FACETS = JSON.parse(form.getAttribute("data-facets") || "[]");
  var PAGE_SIZE = 10;
  var MAX_WORDS = 12;
  var EXCERPT_WORDS = 28;
  var MAX_LENGTH = Number(form.querySelector("input").getAttribute("maxlength")) || 200;

  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("kb-search-status");
  var hint = document.getElementById("kb-search-hint");
  var list = document.getElementById("kb-search-results");
  var more = document.getElementById("kb-search-more");
  var filterBox = document.getElementById("kb-search-filters");
  var order = JSON.parse(form.getAttribute("data-order") || "{}");
  var siteRoot = new URL(form.getAttribute("data-base").replace(/\/?$/, "/"), location.href);
  var engine = new window.KBSearch.Engine({
    base: new URL(form.getAttribute("data-search-data").replace(/\/?$/, "/"), location.href).href,
    manifest: new URL(form.getAttribute("data-search-manifest"), location.href).href,
  });

  var params = new URLSearchParams(location.search);
  var selected = {};
  FACETS.forEach(function (f) { selected[f[0]] = params.getAll(f[0]); });
  input.value = (params.get("q") || "").slice(0, MAX_LENGTH);

  // For tests and the benchmark: the last answer, and when it was shown.
  var state = window.kbSearchState = {
    runs: 0, done: 0, query: null, ranked: [], started: 0, shown: 0, urls: null,
    loaded: function () { return Object.keys(engine.loaded); },  // search data files loaded so far
  };

  function say(text) { status.textContent = text; }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function updateUrl() {
    var next = new URLSearchParams();
    if (input.value.trim()) next.set("q", input.value.trim());
    FACETS.forEach(function (f) { selected[f[0]].forEach(function (v) { next.append(f[0], v); }); });
    var query = next.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* What the command line keeps of a query: words only (no search syntax), at most 12. */
  function cleanQuery(text) {
    text = text.slice(0, MAX_LENGTH).replace(/[*?~^:[\]{}()"+!\\/]|\b(?:AND|OR|NOT|TO)\b/g, " ");
    var words = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) || [];
    return words.slice(0, MAX_WORDS).join(" ");
  }

  /* One result: title (link), facets, description and an excerpt (a DOM node) when there is one. */
  function renderResult(result) {
    var item = element("li", "kb-search__result");
    var title = element("a", "kb-search__title", result.title);
    title.href = result.url;
    item.appendChild(title);
    if (result.facets) item.appendChild(element("p", "kb-search__facets", result.facets));
    if (result.description) item.appendChild(element("p", "kb-search__description", result.description));
    if (result.excerpt) item.appendChild(result.excerpt);
    list.appendChild(item);
  }

  /* "Bedoelde je ...?" for the query words no page has; each suggestion is a link that searches it. */
  function searchLink(query) {
    var link = element("a", null, query);
    link.href = "?q=" + encodeURIComponent(query);
    link.addEventListener("click", function (event) { event.preventDefault(); input.value = query; run(); });
    return link;
  }

  /* A compound no page has, whole or with all its parts: offer a search per part instead of
     showing every page that has one part (which is what "bedrijfsbezoek" would otherwise do). */
  function showParts(groups, partsOnly) {
    partsOnly.forEach(function (n) {
      // A part no page has is marked "?" by the analysis; show it as the word it is.
      var parts = groups[n].terms.slice(1).map(function (t) { return t.replace(/^\?/, ""); });
      if (!parts.length) return;
      var line = element("p");
      line.appendChild(document.createTextNode("Geen pagina bevat ‘" + groups[n].word + "’ of al zijn delen. Zoek op een deel: "));
      parts.forEach(function (part, i) {
        if (i) line.appendChild(document.createTextNode(" of "));
        line.appendChild(searchLink(part));
      });
      hint.appendChild(line);
      hint.hidden = false;
    });
  }

  function showSuggestions(groups, unknown, text, partsOnly) {
    hint.innerHTML = "";
    hint.hidden = true;
    showParts(groups, partsOnly || []);
    if (!unknown.length) return Promise.resolve();
    var wanted = unknown.map(function (n) { return groups[n].word; });
    return Promise.all(wanted.map(function (w) { return engine.suggest(w); })).then(function (found) {
      var replaced = text, pairs = [];
      wanted.forEach(function (word, i) {
        if (!found[i]) return;
        pairs.push([word, found[i]]);
        replaced = replaced.replace(new RegExp("(^|[^\\p{L}\\p{N}])" + word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(?=$|[^\\p{L}\\p{N}])", "iu"), "$1" + found[i]);
      });
      if (!pairs.length) return;
      var line = element("p");
      line.appendChild(document.createTextNode("Bedoelde je "));
      line.appendChild(searchLink(replaced));
      line.appendChild(document.createTextNode("?"));
      hint.appendChild(line);
      hint.hidden = false;
    });
  }

  function statusText(total, text, answer, groups) {
    if (!total) {
      return "Geen resultaten" + (text ? " voor ‘" + text + "’" : "") + ". Probeer andere of minder woorden" +
        (hasFilters() ? ", of zet een filter uit." : ".");
    }
    var line = plural(total, "resultaat", "resultaten") + (text ? " voor ‘" + text + "’" : "");
    if (answer && answer.partial && groups.length > 1) {
      line += ". Geen pagina bevat alle woorden; de pagina's met de meeste staan bovenaan.";
    } else if (answer && groups.length === 1 && answer.wholeMissing && answer.wholeMissing.length) {
      // A compound no page has as a whole, found through all of its parts (lerarentekort).
      line += ". Geen pagina bevat ‘" + groups[0].word + "’ als één woord; dit zijn pagina's met al zijn delen.";
    }
    return line;
  }

  function hasFilters() {
    return FACETS.some(function (f) { return selected[f[0]].length > 0; });
  }

  /* Common to both ways of searching: analyse, rank, show the first page of results. */
  function searcher(backend) {
    var current = [];
    var shown = 0;

    function run() {
      var mine = ++state.runs;
      var text = cleanQuery(input.value);
      updateUrl();
      state.started = performance.now();
      hint.hidden = true;
      if (!text && !hasFilters()) {
        list.innerHTML = "";
        more.hidden = true;
        say(backend.filters ? "Typ een of meer woorden of kies een filter." : "Typ een of meer woorden.");
        return finish(mine, [], backend.idle ? backend.idle() : null);
      }
      say("Zoeken…");
      return engine.analyse(text).then(function (groups) {
        if (text && !groups.length) {
          list.innerHTML = "";
          more.hidden = true;
          say("Deze zoekopdracht bevat alleen veelvoorkomende woorden (zoals ‘de’, ‘het’, ‘en’); gebruik een inhoudelijk woord.");
          return finish(mine, [], null);
        }
        return backend.search(groups).then(function (answer) {
          if (mine !== state.runs) return null;
          current = answer.ranked;
          shown = 0;
          list.innerHTML = "";
          say(statusText(current.length, text, answer, groups));
          return Promise.all([showMore(mine, answer), showSuggestions(groups, answer.unknown || [], text, current.length ? [] : answer.partsOnly)]).then(function () {
            return finish(mine, current, answer.counts);
          });
        });
      }).catch(function (error) {
        if (window.console) console.error(error);
        say("Er ging iets mis bij het zoeken. Probeer het opnieuw.");
        return finish(mine, [], null);
      });
    }

    function finish(mine, ranked, counts) {
      if (mine !== state.runs) return null;
      state.query = cleanQuery(input.value);
      state.ranked = ranked;
      state.shown = performance.now();
      state.urls = function (limit) { return backend.urls(ranked.slice(0, limit || ranked.length)); };
      return Promise.resolve(counts).then(function (c) {
        if (backend.renderFilters) backend.renderFilters(c);
        state.done = mine;
        form.setAttribute("data-searched", String(mine));
      });
    }

    function showMore(mine, answer) {
      var batch = current.slice(shown, shown + PAGE_SIZE);
      shown += batch.length;
      more.hidden = shown >= current.length;
      return backend.show(batch, answer).then(function (results) {
        if (mine !== state.runs) return;
        results.forEach(renderResult);
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    more.addEventListener("click", function () { showMore(state.runs, null); });
    return run;
  }

  var run;

  // -- excerpts ---------------------------------------------------------------------------------

  /* The excerpt of a text cut in `visible` words: the window of EXCERPT_WORDS words with the
     most marked words (`marked`: word numbers), the earliest on a tie; null without a mark. */
  function excerptOf(visible, marked) {
    var hits = Object.keys(marked).map(Number).sort(function (a, b) { return a - b; });
    if (!hits.length || !visible.length) return null;
    var best = 0, bestCount = -1;
    hits.forEach(function (h) {
      var from = Math.max(0, h - 4), count = 0;
      hits.forEach(function (x) { if (x >= from && x < from + EXCERPT_WORDS) count++; });
      if (count > bestCount) { best = from; bestCount = count; }
    });
    var node = element("p", "kb-search__excerpt");
    if (best > 0) node.appendChild(document.createTextNode("… "));
    var end = Math.min(visible.length, best + EXCERPT_WORDS);
    for (var w = best; w < end; w++) {
      if (w > best) node.appendChild(document.createTextNode(" "));
      node.appendChild(marked[w] ? element("mark", null, visible[w]) : document.createTextNode(visible[w]));
    }
    if (end < visible.length) node.appendChild(document.createTextNode(" …"));
    return node;
  }

  /* An excerpt from a document's plain text: the words that carry one of the query's own terms
     (compared lowercased without edge punctuation, as browserindex.excerpt_word does); only in a
     document without any of those, the words that carry a compound's parts. */
  function textExcerpt(text, forms) {
    var visible = (text || "").split(/\s+/).filter(Boolean);
    var keys = visible.map(function (chunk) { return chunk.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""); });
    function marks(set) {
      var marked = {}, any = false;
      keys.forEach(function (key, i) { if (set[key]) { marked[i] = true; any = true; } });
      return any ? marked : null;
    }
    return excerptOf(visible, marks(forms.whole) || marks(forms.parts) || {});
  }

  // -- our own index: every query before the filters are open, and on file:// --------------------

  function ownBackend() {
    var forms = null;  // Promise of {whole: {word: true}, parts: {word: true}} for the current query
    return {
      filters: false,
      search: function (groups) {
        var terms = [];
        groups.forEach(function (g) { g.terms.forEach(function (t, i) { if (g.indexed[i]) terms.push([t, i === 0]); }); });
        forms = Promise.all(terms.map(function (t) { return engine.forms(t[0]); })).then(function (lists) {
          var found = { whole: Object.create(null), parts: Object.create(null) };
          lists.forEach(function (list, i) { list.forEach(function (f) { found[terms[i][1] ? "whole" : "parts"][f] = true; }); });
          return found;
        });
        return engine.rank(groups, function (term) { return engine.lookup(term); }, function (a, b) { return a - b; });
      },
      show: function (batch) {
        return Promise.all([engine.documents(batch.map(function (r) { return Number(r.id); })), forms]).then(function (found) {
          return found[0].map(function (d) {
            return { url: new URL(d[0], siteRoot).href, title: d[1], description: d[2], facets: d[3], excerpt: textExcerpt(d[5], found[1] || { whole: {}, parts: {} }) };
          });
        });
      },
      urls: function (ranked) {
        return engine.documents(ranked.map(function (r) { return Number(r.id); })).then(function (docs) {
          return docs.map(function (d) { return new URL(d[0], siteRoot).href; });
        });
      },
    };
  }

  // -- filters: our own facet index, loaded when the visitor asks for it ---------------------------

  /* Every query is ranked from our own index; the filters keep the ranked documents that have
     the chosen values (OR within a facet, AND across) and count, per value, how many results
     ticking it would give. The facet index (one file: per value its documents) is loaded when the
     visitor clicks "Filters tonen" or the URL asks for filters, so a first query never pays it. */
  function filtered() {
    var own = ownBackend();
    var facets = null;  // filter name -> {value: [document numbers]}
    var loading = null;

    function loadFilters() {
      if (!loading) loading = engine.facets().then(function (found) { facets = found; });
      return loading;
    }

    /* The documents with a filter value (a value such as "constructor" is a value, not a member). */
    function docsOf(name, value) {
      var values = facets[name];
      return values && Object.prototype.hasOwnProperty.call(values, value) ? values[value] : [];
    }

    /* Per facet with a selection (except `except`): a mark per document that has one of its values. */
    function selections(except) {
      var count = engine.manifest.documents.count;
      return FACETS.filter(function (f) { return f[0] !== except && selected[f[0]].length; }).map(function (f) {
        var marks = new Uint8Array(count);
        selected[f[0]].forEach(function (v) { docsOf(f[0], v).forEach(function (n) { marks[n] = 1; }); });
        return marks;
      });
    }

    function allowed(n, sets) {
      for (var i = 0; i < sets.length; i++) if (!sets[i][n]) return false;
      return true;
    }

    /* Counts per facet value, as many results as ticking it would give (OR within a facet). */
    function counts(pool) {
      var count = engine.manifest.documents.count, out = {};
      FACETS.forEach(function (f) {
        var others = selections(f[0]), usable = new Uint8Array(count);
        pool.forEach(function (n) { if (allowed(n, others)) usable[n] = 1; });
        var perValue = {};
        Object.keys(facets[f[0]] || {}).forEach(function (v) {
          var total = 0;
          docsOf(f[0], v).forEach(function (n) { total += usable[n]; });
          perValue[v] = total;
        });
        out[f[0]] = perValue;
      });
      return out;
    }

    function everyDocument() {
      var all = [];
      for (var n = 0; n < engine.manifest.documents.count; n++) all.push(n);
      return all;
    }

    var backend = {
      filters: true,
      search: function (groups) {
        if (!facets && !hasFilters()) return own.search(groups);
        return loadFilters().then(function () { return own.search(groups); }).then(function (answer) {
          // Only filters: every document that has them, in our order (slug order, levels last).
          if (!groups.length) answer.ranked = everyDocument().map(function (n) { return { id: String(n) }; });
          var sets = selections(null);
          var pool = answer.ranked.map(function (r) { return Number(r.id); });
          answer.ranked = answer.ranked.filter(function (r) { return allowed(Number(r.id), sets); });
          answer.counts = counts(pool);
          return answer;
        });
      },
      show: function (batch, answer) { return own.show(batch, answer); },
      urls: function (ranked) { return own.urls(ranked); },
      idle: function () {
        if (!facets) { offerFilters(); return null; }
        return counts(everyDocument());
      },
      renderFilters: function (c) { if (facets && c) renderFilters(c); else if (!facets) offerFilters(); },
    };

    function offerFilters() {
      filterBox.innerHTML = "";
      var button = element("button", "md-button kb-search__show-filters", "Filters tonen");
      button.type = "button";
      var names = FACETS.map(function (f) { return f[1].toLowerCase(); });
      button.title = "Verfijn op " + (names.length > 1 ? names.slice(0, -1).join(", ") + " en " + names[names.length - 1] : names.join(""));
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = "Filters laden…";
        loadFilters().then(run, function (error) {
          if (window.console) console.error(error);
          button.textContent = "Filters konden niet worden geladen";
        });
      });
      filterBox.appendChild(button);
    }

    /* Checkboxes per facet value with the number of results it would give. */
    function renderFilters(values) {
      filterBox.innerHTML = "";
      FACETS.forEach(function (f) {
        var facetCounts = values && values[f[0]];
        if (!facetCounts || !Object.keys(facetCounts).length) return;
        var fieldset = element("fieldset", "kb-search__facet");
        fieldset.appendChild(element("legend", null, f[1]));
        var known = order[f[0]] || [];
        Object.keys(facetCounts).sort(function (a, b) {
          var ia = known.indexOf(a), ib = known.indexOf(b);
          if (ia < 0 || ib < 0) return (ia < 0) - (ib < 0) || a.localeCompare(b, "nl");
          return ia - ib;
        }).forEach(function (value) {
          var label = element("label", "kb-search__option");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = f[0];
          box.value = value;
          box.checked = selected[f[0]].indexOf(value) >= 0;
          box.disabled = !box.checked && facetCounts[value] === 0;
          box.addEventListener("change", function () {
            selected[f[0]] = Array.prototype.map.call(
              filterBox.querySelectorAll("input[name='" + f[0] + "']:checked"), function (b) { return b.value; });
            run();
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + value + " "));
          label.appendChild(element("span", "kb-count", "(" + facetCounts[value] + ")"));
          fieldset.appendChild(label);
        });
        filterBox.appendChild(fieldset);
      });
    }

    return { backend: backend, load: loadFilters };
  }

  if (location.protocol === "file:") document.getElementById("kb-search-offline").hidden = false;
  var filters = filtered();
  engine.ready().then(function () {
    run = searcher(filters.backend);
    return hasFilters() ? filters.load() : null;
  }).then(function () { return run(); }, function (error) {
    if (window.console) console.error(error);
    say("De zoekgegevens konden niet worden geladen. Is de site volledig gebouwd?");
  });
})();
