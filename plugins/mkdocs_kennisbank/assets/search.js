/* Kennisbank search page.
 *
 * Served over http(s): Pagefind (Dutch stemming, facet filters with counts, the index loads in
 * small chunks). Opened from a file share (file://): browsers refuse fetch() there, so we load
 * lunr and an index as plain <script> files and search words only; the page says filters need
 * the served site. The query and filters live in the URL, so a search can be shared.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-kb-search]");
  if (!form) return;

  var FACETS = [
    ["soort", "Soort"],
    ["niveau", "Interventieniveau"],
    ["fase", "Fase"],
    ["onderwijs", "Onderwijssoort"],
    ["thema", "Thema"],
  ];
  var PAGE_SIZE = 10;
  var MAX_LENGTH = Number(form.querySelector("input").getAttribute("maxlength")) || 200;

  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("kb-search-status");
  var list = document.getElementById("kb-search-results");
  var more = document.getElementById("kb-search-more");
  var filterBox = document.getElementById("kb-search-filters");
  var order = JSON.parse(form.getAttribute("data-order") || "{}");
  var siteRoot = new URL(form.getAttribute("data-base").replace(/\/?$/, "/"), location.href);

  var params = new URLSearchParams(location.search);
  var selected = {};
  FACETS.forEach(function (f) { selected[f[0]] = params.getAll(f[0]); });
  input.value = (params.get("q") || "").slice(0, MAX_LENGTH);

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

  /* One result: title (link), description, facets, and Pagefind's excerpt with <mark>s. */
  function renderResult(result) {
    var item = element("li", "kb-search__result");
    var title = element("a", "kb-search__title", result.title);
    title.href = result.url;
    item.appendChild(title);
    if (result.facets) item.appendChild(element("p", "kb-search__facets", result.facets));
    if (result.description) item.appendChild(element("p", "kb-search__description", result.description));
    if (result.excerpt) {
      var excerpt = element("p", "kb-search__excerpt");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes page text and only adds <mark>
      item.appendChild(excerpt);
    }
    list.appendChild(item);
  }

  function cleanQuery(text) {
    return text.replace(/[*?~^:"()[\]{}+!\\/]/g, " ").replace(/\s+/g, " ").trim().slice(0, MAX_LENGTH);
  }

  // -- served: Pagefind --------------------------------------------------------------------

  function served() {
    var pagefind;
    var current = [];
    var shown = 0;
    var counter = 0;

    // A relative path would be a bare module specifier: resolve it against the page first.
    import(new URL(form.getAttribute("data-pagefind"), location.href).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: siteRoot.pathname });
    }).then(function () {
      return pagefind.init();
    }).then(function () {
      // Filter counts need Pagefind's filter index, which is large on a big kennisbank. Load it
      // at once only when the URL already asks for filters; otherwise when the visitor asks.
      return hasFilters() ? loadFilters() : null;
    }).then(run, function (error) {
      if (window.console) console.error(error);
      say("De zoekindex kon niet worden geladen. Is de site volledig gebouwd (met Pagefind)?");
    });

    var filtersLoaded = false;

    function hasFilters() {
      return FACETS.some(function (f) { return selected[f[0]].length > 0; });
    }

    function loadFilters() {
      filtersLoaded = true;
      return pagefind.filters();
    }

    function offerFilters() {
      filterBox.innerHTML = "";
      var button = element("button", "md-button kb-search__show-filters", "Filters tonen");
      button.type = "button";
      button.title = "Verfijn op interventieniveau, fase, onderwijssoort en thema";
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = "Filters laden…";
        loadFilters().then(run);
      });
      filterBox.appendChild(button);
    }

    function activeFilters() {
      var filters = {};
      FACETS.forEach(function (f) {
        if (selected[f[0]].length) filters[f[0]] = { any: selected[f[0]].slice() };
      });
      return filters;
    }

    function run() {
      var mine = ++counter;
      var text = cleanQuery(input.value);
      var filters = activeFilters();
      updateUrl();
      if (!text && !Object.keys(filters).length) {
        list.innerHTML = "";
        more.hidden = true;
        say("Typ een of meer woorden of kies een filter.");
        if (!filtersLoaded) { offerFilters(); return null; }
        return pagefind.filters().then(function (counts) { if (mine === counter) renderFilters(counts); });
      }
      say("Zoeken…");
      return pagefind.search(text || null, { filters: filters }).then(function (search) {
        if (mine !== counter || !search) return;
        if (filtersLoaded) renderFilters(search.filters); else offerFilters();
        current = search.results;
        shown = 0;
        list.innerHTML = "";
        say(current.length ? plural(current.length, "resultaat", "resultaten") + (text ? " voor ‘" + text + "’" : "")
                           : "Geen resultaten. Probeer andere of minder woorden, of zet een filter uit.");
        return showMore(mine);
      }).catch(function (error) {
        if (window.console) console.error(error);
        say("Er ging iets mis bij het zoeken. Probeer het opnieuw.");
      });
    }

    function showMore(mine) {
      var batch = current.slice(shown, shown + PAGE_SIZE);
      shown += batch.length;
      more.hidden = shown >= current.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== counter) return;
        pages.forEach(function (page) {
          renderResult({
            url: page.url,
            title: page.meta.title,
            description: page.meta.description,
            facets: page.meta.kenmerken,
            excerpt: page.excerpt,
          });
        });
      });
    }

    /* Checkboxes per facet value with the number of results it would give. */
    function renderFilters(counts) {
      filterBox.innerHTML = "";
      FACETS.forEach(function (f) {
        var values = counts && counts[f[0]];
        if (!values || !Object.keys(values).length) return;
        var fieldset = element("fieldset", "kb-search__facet");
        fieldset.appendChild(element("legend", null, f[1]));
        var known = order[f[0]] || [];
        Object.keys(values).sort(function (a, b) {
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
          box.disabled = !box.checked && values[value] === 0;
          box.addEventListener("change", function () {
            selected[f[0]] = Array.prototype.map.call(
              filterBox.querySelectorAll("input[name='" + f[0] + "']:checked"), function (b) { return b.value; });
            run();
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + value + " "));
          label.appendChild(element("span", "kb-count", "(" + values[value] + ")"));
          fieldset.appendChild(label);
        });
        filterBox.appendChild(fieldset);
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    more.addEventListener("click", function () { showMore(counter); });
  }

  // -- file://: lunr over a script-loaded index ------------------------------------------------

  function offline() {
    document.getElementById("kb-search-offline").hidden = false;
    var scripts = form.getAttribute("data-offline").split(" ");
    var index;
    var records;

    function load(i) {
      if (i === scripts.length) return build();
      var tag = document.createElement("script");
      tag.src = scripts[i];
      tag.onload = function () { load(i + 1); };
      tag.onerror = function () { say("De zoekgegevens konden niet worden geladen."); };
      document.head.appendChild(tag);
    }

    function build() {
      records = window.KB_OFFLINE_INDEX || [];
      index = window.lunr(function () {
        this.use(window.lunr.nl);
        this.ref("i");
        this.field("t", { boost: 10 });
        this.field("d", { boost: 4 });
        this.field("k", { boost: 2 });
        this.field("x");
        records.forEach(function (r, i) { this.add({ i: String(i), t: r.t, d: r.d, k: r.k, x: r.x }); }, this);
      });
      run();
    }

    function run() {
      var text = cleanQuery(input.value);
      updateUrl();
      list.innerHTML = "";
      more.hidden = true;
      if (!text) { say("Typ een of meer woorden."); return; }
      var words = text.toLowerCase().split(" ");
      var hits = index.query(function (q) {
        words.forEach(function (w) { q.term(w, { presence: window.lunr.Query.presence.OPTIONAL }); });
      });
      say(hits.length ? plural(hits.length, "resultaat", "resultaten") + " voor ‘" + text + "’"
                      : "Geen resultaten. Probeer andere of minder woorden.");
      hits.slice(0, 50).forEach(function (hit) {
        var r = records[Number(hit.ref)];
        renderResult({ url: new URL(r.u, siteRoot).href, title: r.t, description: r.d, facets: r.k });
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    load(0);
  }

  if (location.protocol === "file:") offline(); else served();
})();
