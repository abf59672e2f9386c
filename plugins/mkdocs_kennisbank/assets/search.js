/* Kennisbank search page.
 *
 * One analysis and one ranking for every surface (search-dutch.js: dutch.py's terms, the
 * command line's most-words-first ranking). Two ways to find the pages that have a term:
 *
 * - Our own inverted index (browserindex.py, searchfiles.py), shipped as small script files
 *   and loaded with <script> tags when a query needs them: every query is ranked from it, served
 *   or opened from a file share (file://, where browsers refuse fetch()). A first query loads
 *   the shards of its words and ten small document files (title, description, text for the
 *   excerpt), nothing of Pagefind.
 * - Pagefind, on the served site once the visitor opens the filters (or the URL asks for them):
 *   its records carry every word's index terms as tokens, we ask for one token at a time (so its
 *   own stemming, prefix and fuzzy matching never decide what is a hit) and merge the answers
 *   with the same ranking; it gives the filtered results and the counts per filter value.
 *
 * The query and filters live in the URL, so a search can be shared.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-kb-search]");
  if (!form || !window.KBSearch) return;

  var FACETS = [
    ["soort", "Soort"],
    ["niveau", "Interventieniveau"],
    ["fase", "Fase"],
    ["onderwijs", "Onderwijssoort"],
    ["thema", "Thema"],
    ["regio", "Regio"],
  ];
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

  /* An excerpt from a document's plain text: the words that carry one of the query's terms
     (compared lowercased without edge punctuation, as browserindex.excerpt_word does). */
  function textExcerpt(text, forms) {
    var visible = (text || "").split(/\s+/).filter(Boolean), marked = {};
    visible.forEach(function (chunk, i) {
      if (forms[chunk.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")]) marked[i] = true;
    });
    return excerptOf(visible, marked);
  }

  // -- our own index: every query before the filters are open, and on file:// --------------------

  function ownBackend() {
    var forms = null;  // Promise of {word: true} for the current query's terms
    return {
      filters: false,
      search: function (groups) {
        var terms = [];
        groups.forEach(function (g) { g.terms.forEach(function (t, i) { if (g.indexed[i]) terms.push(t); }); });
        forms = Promise.all(terms.map(function (t) { return engine.forms(t); })).then(function (lists) {
          var set = Object.create(null);
          lists.forEach(function (list) { list.forEach(function (f) { set[f] = true; }); });
          return set;
        });
        return engine.rank(groups, function (term) { return engine.lookup(term); }, function (a, b) { return a - b; });
      },
      show: function (batch) {
        return Promise.all([engine.documents(batch.map(function (r) { return Number(r.id); })), forms]).then(function (found) {
          return found[0].map(function (d) {
            return { url: new URL(d[0], siteRoot).href, title: d[1], description: d[2], facets: d[3], excerpt: textExcerpt(d[5], found[1] || {}) };
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

  // -- served: Pagefind ---------------------------------------------------------------------------

  function served() {
    var pagefind;
    var numbers = null;  // Pagefind's page id -> our document number (its records' sort key)
    var filterDocs = Object.create(null);  // "facet\u0000value" -> Promise of {document number: true}
    var filtersLoaded = false;
    var allValues = null;  // Pagefind's filter values (with their counts over all pages)
    var own = ownBackend();

    /* Pagefind, started once: its script, wasm and filter index load only when filters are wanted. */
    var starting = null;
    function loadFilters() {
      if (!starting) {
        // A relative path would be a bare module specifier: resolve it against the page first.
        starting = import(new URL(form.getAttribute("data-pagefind"), location.href).href).then(function (module) {
          pagefind = module;
          // No web worker: the searches are filter lookups, and the worker is 40 KB more to download.
          return pagefind.options({ baseUrl: siteRoot.pathname, noWorker: true });
        }).then(function () { return pagefind.init(); }).then(function () {
          return pagefind.filters();
        }).then(function (values) {
          allValues = values || {};
          // Every page, in the order of its sort key: the n-th is our document n.
          var kinds = Object.keys(allValues.soort || {});
          return pagefind.search(null, { filters: { soort: { any: kinds } }, sort: { nummer: "asc" } });
        }).then(function (search) {
          var results = search ? search.results : [];
          if (results.length !== engine.manifest.documents.count) {
            throw new Error("Pagefind kent " + results.length + " pagina's, de zoekindex " + engine.manifest.documents.count);
          }
          numbers = Object.create(null);
          results.forEach(function (r, n) { numbers[r.id] = n; });
          filtersLoaded = true;
        });
      }
      return starting;
    }

    function docsWith(facet, value) {
      var key = facet + "\u0000" + value;
      if (!filterDocs[key]) {
        var filters = {};
        filters[facet] = value;
        filterDocs[key] = pagefind.search(null, { filters: filters }).then(function (search) {
          var docs = Object.create(null);
          (search ? search.results : []).forEach(function (r) { if (r.id in numbers) docs[numbers[r.id]] = true; });
          return docs;
        });
      }
      return filterDocs[key];
    }

    /* Per facet with a selection: the union of its values' documents (OR within a facet, AND across). */
    function selections(except) {
      var wanted = FACETS.filter(function (f) { return f[0] !== except && selected[f[0]].length; });
      return Promise.all(wanted.map(function (f) {
        return Promise.all(selected[f[0]].map(function (v) { return docsWith(f[0], v); })).then(function (sets) {
          var union = Object.create(null);
          sets.forEach(function (set) { Object.keys(set).forEach(function (n) { union[n] = true; }); });
          return union;
        });
      }));
    }

    function allowed(n, sets) { return sets.every(function (set) { return set[n]; }); }

    /* Counts per facet value, as many results as ticking it would give (OR within a facet). */
    function counts(pool) {
      if (!filtersLoaded) return Promise.resolve(null);
      return Promise.all(FACETS.map(function (f) {
        var values = Object.keys((allValues && allValues[f[0]]) || {});
        return Promise.all([selections(f[0])].concat(values.map(function (v) { return docsWith(f[0], v); }))).then(function (found) {
          var others = found[0], out = {};
          values.forEach(function (v, i) {
            var docs = found[i + 1];
            out[v] = pool.filter(function (n) { return docs[n] && allowed(n, others); }).length;
          });
          return out;
        });
      })).then(function (perFacet) {
        var out = {};
        FACETS.forEach(function (f, i) { out[f[0]] = perFacet[i]; });
        return out;
      });
    }

    function everyDocument() {
      var all = [];
      for (var n = 0; n < engine.manifest.documents.count; n++) all.push(String(n));
      return all;
    }

    // Every query is ranked from our own index; with filters open, Pagefind says which of the
    // ranked documents each filter value keeps, and how many.
    var backend = {
      filters: true,
      search: function (groups) {
        if (!filtersLoaded && !hasFilters()) return own.search(groups);
        return loadFilters().then(function () {
          return own.search(groups).then(function (answer) {
            // Only filters: every document that has them, in our order (slug order, levels last).
            if (!groups.length) answer.ranked = everyDocument().map(function (n) { return { id: n }; });
            return answer;
          });
        }).then(function (answer) {
          return selections(null).then(function (sets) {
            var pool = answer.ranked.map(function (r) { return r.id; });
            answer.ranked = answer.ranked.filter(function (r) { return allowed(r.id, sets); });
            answer.counts = counts(pool);
            return answer;
          });
        });
      },
      show: function (batch, answer) { return own.show(batch, answer); },
      urls: function (ranked) { return own.urls(ranked); },
      idle: function () {
        if (!filtersLoaded) { offerFilters(); return null; }
        return counts(everyDocument());
      },
      renderFilters: function (c) { if (filtersLoaded && c) renderFilters(c); else if (!filtersLoaded) offerFilters(); },
    };

    function offerFilters() {
      filterBox.innerHTML = "";
      var button = element("button", "md-button kb-search__show-filters", "Filters tonen");
      button.type = "button";
      button.title = "Verfijn op soort, interventieniveau, fase, onderwijssoort, thema en regio";
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = "Filters laden…";
        loadFilters().then(run);
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

    engine.ready().then(function () {
      run = searcher(backend);
      // Filter counts need Pagefind's filter index, which is large on a big kennisbank. Load it
      // at once only when the URL already asks for filters; otherwise when the visitor asks.
      return hasFilters() ? loadFilters() : null;
    }).then(function () { return run(); }, function (error) {
      if (window.console) console.error(error);
      say("De zoekindex kon niet worden geladen. Is de site volledig gebouwd?");
    });
  }

  // -- file://: our own index only -----------------------------------------------------------------

  function offline() {
    document.getElementById("kb-search-offline").hidden = false;
    filterBox.hidden = true;
    document.getElementById("kb-search-lessons").hidden = true;
    engine.ready().then(function () {
      run = searcher(ownBackend());
      return run();
    }).catch(function (error) {
      if (window.console) console.error(error);
      say("De zoekgegevens konden niet worden geladen.");
    });
  }

  if (location.protocol === "file:") offline(); else served();
})();
