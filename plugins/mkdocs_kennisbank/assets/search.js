/* Kennisbank search page.
 *
 * One analysis and one ranking for every surface (search-dutch.js: dutch.py's terms, the
 * command line's most-words-first ranking). Two ways to find the pages that have a term:
 *
 * - Served over http(s): Pagefind. Its records carry every word's index terms as tokens
 *   (browserindex.py); we ask Pagefind for one token at a time, so its own stemming, prefix and
 *   fuzzy matching never decide what is a hit, and merge the answers here. Pagefind also gives
 *   the filters, their counts, the pages' titles and text (for excerpts), loaded in chunks.
 * - Opened from a file share (file://): browsers refuse fetch() there, so Pagefind cannot load;
 *   the same terms are looked up in an inverted index shipped as script files, loaded with
 *   <script> tags when a query needs them. Filters need the served site.
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

  // A token (Pagefind may end a paragraph's last word with a full stop).
  var TOKEN_WORD = /^(?:(?!q)[\p{Ll}\p{Lo}\p{Nd}]|qq)+q[0-9]*x[.,;:!?]?$/u;

  /* An excerpt from a record's text (browserindex: each word followed by the tokens of
     its terms; the body starts after the word "qx"). `locations` are the positions of the tokens
     that matched; the word before a matched token is marked. */
  function excerpt(content, locations) {
    var chunks = content.split(/\s+/);
    var start = chunks.indexOf("qx");
    if (start < 0) return null;
    var visible = [], marked = {}, owner = {};
    for (var i = start + 1; i < chunks.length; i++) {
      if (TOKEN_WORD.test(chunks[i])) owner[i] = visible.length - 1;
      else visible.push(chunks[i]);
    }
    locations.forEach(function (l) { if (l in owner && owner[l] >= 0) marked[owner[l]] = true; });
    var hits = Object.keys(marked).map(Number).sort(function (a, b) { return a - b; });
    if (!hits.length || !visible.length) return null;
    // The window of EXCERPT_WORDS words with the most marked words, the earliest on a tie.
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

  // -- served: Pagefind ---------------------------------------------------------------------------

  function served() {
    var pagefind;
    var byTerm = Object.create(null);  // term -> Promise of {id: Pagefind result}
    var filterIds = Object.create(null);  // "facet\u0000value" -> Promise of {id: true}
    var filtersLoaded = false;
    var allValues = null;  // Pagefind's filter values (with their counts over all pages)

    /* The pages that have a term: {id: {result, score}}. A term in many pages is asked for per
       partition (Pagefind's search time grows with the square of a word's pages); each
       partition's BM25 used its own page count, so its idf is replaced by the term's. */
    function lookup(term) {
      if (!byTerm[term]) {
        var tokens = engine.tokens(term);
        byTerm[term] = Promise.all(tokens.map(function (t) { return pagefind.search(t); })).then(function (searches) {
          var found = {}, pages = 0;
          searches.forEach(function (search) { pages += search ? search.results.length : 0; });
          searches.forEach(function (search) {
            if (!search || !search.results.length) return;
            var correction = tokens.length > 1 ? engine.idf(pages) / engine.idf(search.results.length) : 1;
            search.results.forEach(function (r) { found[r.id] = { result: r, score: r.score * correction }; });
          });
          return found;
        });
      }
      return byTerm[term].then(function (found) {
        var scores = {};
        Object.keys(found).forEach(function (id) { scores[id] = found[id].score; });
        return scores;
      });
    }

    function idsWith(facet, value) {
      var key = facet + "\u0000" + value;
      if (!filterIds[key]) {
        var filters = {};
        filters[facet] = value;
        filterIds[key] = pagefind.search(null, { filters: filters }).then(function (search) {
          var ids = {};
          (search ? search.results : []).forEach(function (r) { ids[r.id] = true; });
          return ids;
        });
      }
      return filterIds[key];
    }

    function loadFilters() {
      filtersLoaded = true;
      return pagefind.filters().then(function (values) { allValues = values || {}; });
    }

    /* Per facet with a selection: the union of its values' pages (OR within a facet, AND across). */
    function selections(except) {
      var wanted = FACETS.filter(function (f) { return f[0] !== except && selected[f[0]].length; });
      return Promise.all(wanted.map(function (f) {
        return Promise.all(selected[f[0]].map(function (v) { return idsWith(f[0], v); })).then(function (sets) {
          var union = {};
          sets.forEach(function (s) { Object.keys(s).forEach(function (id) { union[id] = true; }); });
          return union;
        });
      }));
    }

    function allowed(id, sets) { return sets.every(function (s) { return s[id]; }); }

    /* Counts per facet value, as many results as ticking it would give (OR within a facet). */
    function counts(pool) {
      if (!filtersLoaded) return Promise.resolve(null);
      return Promise.all(FACETS.map(function (f) {
        var values = Object.keys((allValues && allValues[f[0]]) || {});
        return Promise.all([selections(f[0])].concat(values.map(function (v) { return idsWith(f[0], v); }))).then(function (found) {
          var others = found[0], out = {};
          values.forEach(function (v, i) {
            var ids = found[i + 1];
            out[v] = pool.filter(function (id) { return ids[id] && allowed(id, others); }).length;
          });
          return out;
        });
      })).then(function (perFacet) {
        var out = {};
        FACETS.forEach(function (f, i) { out[f[0]] = perFacet[i]; });
        return out;
      });
    }

    function everyPage() {
      return Promise.all(Object.keys((allValues && allValues.soort) || {}).map(function (v) { return idsWith("soort", v); })).then(function (sets) {
        var all = {};
        sets.forEach(function (s) { Object.keys(s).forEach(function (id) { all[id] = true; }); });
        return Object.keys(all);
      });
    }

    var backend = {
      filters: true,
      search: function (groups) {
        var ready = hasFilters() && !filtersLoaded ? loadFilters() : Promise.resolve();
        return ready.then(function () {
          if (!groups.length) {
            // Only filters: every page that has them, in Pagefind's order.
            var filters = {};
            FACETS.forEach(function (f) { if (selected[f[0]].length) filters[f[0]] = { any: selected[f[0]].slice() }; });
            return pagefind.search(null, { filters: filters }).then(function (search) {
              var ranked = (search ? search.results : []).map(function (r) { return { id: r.id, result: r }; });
              return everyPage().then(function (pool) { return { ranked: ranked, unknown: [], counts: counts(pool) }; });
            });
          }
          var terms = [];
          groups.forEach(function (g) { g.terms.forEach(function (t, i) { if (g.indexed[i]) terms.push(t); }); });
          return engine.rank(groups, lookup).then(function (answer) {
            return selections(null).then(function (sets) {
              var pool = answer.ranked.map(function (r) { return r.id; });
              answer.ranked = answer.ranked.filter(function (r) { r.terms = terms; return allowed(r.id, sets); });
              answer.counts = counts(pool);
              return answer;
            });
          });
        });
      },
      show: function (batch) {
        return Promise.all(batch.map(function (r) { return pageOf(r); })).then(function (pages) {
          return pages.map(function (page) {
            return {
              url: page.data.url,
              title: page.data.meta.title,
              description: page.data.meta.description,
              facets: page.data.meta.kenmerken,
              excerpt: excerpt(page.data.content || "", page.locations),
            };
          });
        });
      },
      urls: function (ranked) {
        return Promise.all(ranked.map(pageOf)).then(function (pages) { return pages.map(function (p) { return p.data.url; }); });
      },
      idle: function () {
        if (!filtersLoaded) { offerFilters(); return null; }
        return everyPage().then(counts);
      },
      renderFilters: function (c) { if (filtersLoaded && c) renderFilters(c); else if (!filtersLoaded) offerFilters(); },
    };

    /* A ranked result's fragment, and the locations of the tokens it matched (for the excerpt). */
    function pageOf(ranked) {
      var results = ranked.result ? [Promise.resolve(ranked.result)] : ranked.terms.map(function (t) {
        return byTerm[t].then(function (found) { return found[ranked.id] && found[ranked.id].result; });
      });
      return Promise.all(results).then(function (found) {
        found = found.filter(Boolean);
        var locations = [];
        found.forEach(function (r) { locations = locations.concat(r.words || []); });
        return found[0].data().then(function (data) { return { data: data, locations: locations }; });
      });
    }

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

    var ranking = null;
    Promise.all([
      // A relative path would be a bare module specifier: resolve it against the page first.
      import(new URL(form.getAttribute("data-pagefind"), location.href).href),
      // The query's word shards load while Pagefind starts.
      engine.ready().then(function () { return engine.analyse(cleanQuery(input.value)); }),
    ]).then(function (loaded) {
      pagefind = loaded[0];
      ranking = engine.manifest.ranking;
      // The command line's BM25 (k1, b); tokens match exactly, so term similarity plays no part.
      // No web worker: per-term searches are small, and the worker is 40 KB more to download.
      return pagefind.options({
        baseUrl: siteRoot.pathname,
        noWorker: true,
        ranking: { termSaturation: ranking.k1, pageLength: ranking.b, termFrequency: 1.0, termSimilarity: 0 },
      });
    }).then(function () {
      return pagefind.init();
    }).then(function () {
      run = searcher(backend);
      // Filter counts need Pagefind's filter index, which is large on a big kennisbank. Load it
      // at once only when the URL already asks for filters; otherwise when the visitor asks.
      return hasFilters() ? loadFilters() : null;
    }).then(function () { return run(); }, function (error) {
      if (window.console) console.error(error);
      say("De zoekindex kon niet worden geladen. Is de site volledig gebouwd (met Pagefind)?");
    });
  }

  // -- file://: the shipped inverted index ----------------------------------------------------------

  function offline() {
    document.getElementById("kb-search-offline").hidden = false;
    filterBox.hidden = true;
    document.getElementById("kb-search-lessons").hidden = true;
    var backend = {
      filters: false,
      search: function (groups) {
        return engine.rank(groups, function (term) { return engine.offlineLookup(term); }, function (a, b) { return a - b; });
      },
      show: function (batch) {
        return engine.documents(batch.map(function (r) { return Number(r.id); })).then(function (docs) {
          return docs.map(function (d) {
            return { url: new URL(d[0], siteRoot).href, title: d[1], description: d[2], facets: d[3] };
          });
        });
      },
      urls: function (ranked) {
        return engine.documents(ranked.map(function (r) { return Number(r.id); })).then(function (docs) {
          return docs.map(function (d) { return new URL(d[0], siteRoot).href; });
        });
      },
    };
    engine.ready().then(function () {
      run = searcher(backend);
      return run();
    }).catch(function (error) {
      if (window.console) console.error(error);
      say("De zoekgegevens konden niet worden geladen.");
    });
  }

  if (location.protocol === "file:") offline(); else served();
})();
