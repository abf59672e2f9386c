/* Kennisbank listings: filters and sorting on the list pages (level pages, facet value pages,
 * the case overview).
 *
 * The full list is in the page, so without this script every case shows. The script reads the
 * facets from the container and each case's values from its item:
 *
 *   <div class="kb-listing" data-kb-listing data-facets='[["niveau", "Interventieniveau",
 *        [["I", "I. Financiële middelen"], ...]], ...]' data-kb-sort="titel">
 *     <div data-kb-listing-controls>(partials/listing-controls.html)</div>
 *     <ul class="kb-cards">
 *       <li data-kb-slug="..." data-kb-f-niveau="I III" data-kb-date="2026-11-27"
 *           data-kb-title="sort key" data-kb-lessons="3">...<a href="...">Title</a>...</li>
 *
 * and builds the controls: per facet a group of checkboxes (OR within a facet, AND across), with
 * per value the number of cases ticking it would give (as on the search page), a sort order
 * (nieuwste, titel, meeste lessen), "N van M praktijkvoorbeelden" (announced), and a link that
 * downloads the visible cases as CSV (a blob: URL, so it works from a file share too). The
 * choice lives in the URL (?niveau=III&sorteer=nieuwste), read on load.
 */
(function () {
  "use strict";

  var SORT_PARAM = "sorteer";
  var SORTS = [["titel", "Titel (A-Z)"], ["nieuwste", "Nieuwste eerst"], ["lessen", "Meeste lessen"]];
  var listings = window.kbListings = [];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function words(text) { return (text || "").split(/\s+/).filter(Boolean); }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* A CSV field: quoted when needed, and a leading = + - @ made harmless for spreadsheets
     (which would otherwise run it as a formula). */
  function csvField(text) {
    text = String(text);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[";\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function setUp(container, number) {
    var facets;
    try {
      facets = JSON.parse(container.getAttribute("data-facets") || "[]");
    } catch (error) {
      return;
    }
    // One list, or one per group (a level page's phases: <section data-kb-group> around a
    // heading and its list); a group without visible cases is hidden.
    var lists = Array.prototype.slice.call(container.querySelectorAll(".kb-cards"));
    if (!lists.length) return;
    var items = [];
    lists.forEach(function (l) {
      Array.prototype.forEach.call(l.children, function (node) { if (node.hasAttribute("data-kb-title")) items.push(node); });
    });
    if (!items.length) return;
    var groups = Array.prototype.slice.call(container.querySelectorAll("[data-kb-group]"));
    var controls = container.querySelector("[data-kb-listing-controls]");
    if (!controls) {
      controls = element("div");
      lists[0].parentNode.insertBefore(controls, lists[0]);
    }
    var defaultSort = container.getAttribute("data-kb-sort") || "titel";
    var ownsUrl = number === 0;  // one listing per page keeps its choice in the URL

    // Per item: its values per facet, sort keys, and what the CSV needs.
    var records = items.map(function (node, index) {
      var link = node.querySelector(".kb-card__title a") || node.querySelector("a[href]");
      var url = link ? link.href : "";
      var values = {};
      facets.forEach(function (f) { values[f[0]] = words(node.getAttribute("data-kb-f-" + f[0])); });
      return {
        node: node,
        list: node.parentNode,
        index: index,
        values: values,
        date: node.getAttribute("data-kb-date") || "",
        title: node.getAttribute("data-kb-title") || "",
        lessons: Number(node.getAttribute("data-kb-lessons")) || 0,
        name: (link ? link.textContent : node.textContent).replace(/\s+/g, " ").trim(),
        url: url,
        slug: node.getAttribute("data-kb-slug") || slugOf(url),
      };
    });
    var total = records.length;

    /* Only values some case has; a facet only when one of them leaves some cases out. */
    var present = {};
    facets = facets.map(function (f) {
      var counts = {};
      records.forEach(function (r) { r.values[f[0]].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; }); });
      present[f[0]] = counts;
      return [f[0], f[1], f[2].filter(function (v) { return counts[v[0]]; })];
    }).filter(function (f) {
      return f[2].some(function (v) { return present[f[0]][v[0]] < total; });
    });

    var selected = {};
    var sort = defaultSort;
    var params = new URLSearchParams(location.search);
    facets.forEach(function (f) {
      var known = f[2].map(function (v) { return v[0]; });
      selected[f[0]] = known.filter(function (id) { return params.getAll(f[0]).indexOf(id) >= 0; });
    });
    if (SORTS.some(function (s) { return s[0] === params.get(SORT_PARAM); })) sort = params.get(SORT_PARAM);

    function has(record, facet, value) { return record.values[facet].indexOf(value) >= 0; }

    function passes(record, except) {
      return facets.every(function (f) {
        var chosen = selected[f[0]];
        return f[0] === except || !chosen.length || chosen.some(function (v) { return has(record, f[0], v); });
      });
    }

    var compare = {
      titel: function (a, b) { return a.title < b.title ? -1 : a.title > b.title ? 1 : a.index - b.index; },
      nieuwste: function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : compare.titel(a, b); },
      lessen: function (a, b) { return (b.lessons - a.lessons) || compare.nieuwste(a, b); },
    };

    // -- the controls -------------------------------------------------------------------------

    controls.innerHTML = "";
    controls.className = (controls.className + " kb-listing__controls").trim();
    var prefix = "kb-listing-" + number;
    var boxes = {};  // facet -> value -> {input, count}
    var filters = element("div", "kb-listing__filters");
    facets.forEach(function (f) {
      var fieldset = element("fieldset", "kb-search__facet kb-listing__facet");
      fieldset.appendChild(element("legend", null, f[1]));
      boxes[f[0]] = {};
      f[2].forEach(function (v) {
        var label = element("label", "kb-search__option");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = f[0];
        box.value = v[0];
        box.checked = selected[f[0]].indexOf(v[0]) >= 0;
        box.addEventListener("change", function () {
          selected[f[0]] = f[2].map(function (x) { return x[0]; }).filter(function (id) { return boxes[f[0]][id].input.checked; });
          update();
        });
        var count = element("span", "kb-count");
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + v[1] + " "));
        label.appendChild(count);
        fieldset.appendChild(label);
        boxes[f[0]][v[0]] = { input: box, count: count };
      });
      filters.appendChild(fieldset);
    });
    // The filters fold away (a level page stays readable); open when the URL chose some.
    var toggle = element("details", "kb-listing__toggle");
    toggle.appendChild(element("summary", null, "Filteren"));
    toggle.appendChild(filters);
    toggle.open = facets.some(function (f) { return selected[f[0]].length; });
    if (facets.length) controls.appendChild(toggle);

    var bar = element("div", "kb-listing__bar");
    var sortLabel = element("label", "kb-listing__sort-label", "Sorteren op ");
    sortLabel.setAttribute("for", prefix + "-sort");
    var select = document.createElement("select");
    select.id = prefix + "-sort";
    SORTS.forEach(function (s) {
      var option = element("option", null, s[1]);
      option.value = s[0];
      select.appendChild(option);
    });
    select.value = sort;
    select.addEventListener("change", function () { sort = select.value; update(); });
    bar.appendChild(sortLabel);
    bar.appendChild(select);
    var clear = element("button", "md-button kb-listing__clear", "Filters wissen");
    clear.type = "button";
    clear.addEventListener("click", function () {
      facets.forEach(function (f) { selected[f[0]] = []; });
      Object.keys(boxes).forEach(function (k) { Object.keys(boxes[k]).forEach(function (v) { boxes[k][v].input.checked = false; }); });
      update();
    });
    if (facets.length) bar.appendChild(clear);
    var download = element("a", "kb-listing__csv", "Download deze lijst als CSV");
    download.setAttribute("download", container.getAttribute("data-kb-csv") || "praktijkvoorbeelden.csv");
    bar.appendChild(download);
    controls.appendChild(bar);
    var status = element("p", "kb-listing__status");
    status.id = prefix + "-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    controls.appendChild(status);
    var empty = element("p", "kb-listing__empty", "Geen praktijkvoorbeeld heeft al deze kenmerken. Zet een filter uit om meer te zien.");
    empty.hidden = true;
    container.appendChild(empty);

    // -- applying the choice ------------------------------------------------------------------

    var visible = [];
    var blobUrl = null;

    function csv(rows) {
      var header = ["slug", "titel", "url"].concat(facets.map(function (f) { return f[0]; }));
      var lines = [header.join(";")].concat(rows.map(function (r) {
        return [r.slug, r.name, r.url].concat(facets.map(function (f) { return r.values[f[0]].join(", "); })).map(csvField).join(";");
      }));
      return lines.join("\r\n") + "\r\n";
    }

    function updateCsv() {
      var text = csv(visible);
      if (blobUrl && window.URL && URL.revokeObjectURL) URL.revokeObjectURL(blobUrl);
      try {
        blobUrl = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
        download.href = blobUrl;
      } catch (error) {
        blobUrl = null;
        download.href = "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + text);
      }
    }

    function updateUrl() {
      if (!ownsUrl) return;
      var next = new URLSearchParams(location.search);
      facets.forEach(function (f) {
        next.delete(f[0]);
        selected[f[0]].forEach(function (v) { next.append(f[0], v); });
      });
      next.delete(SORT_PARAM);
      if (sort !== defaultSort) next.set(SORT_PARAM, sort);
      var query = next.toString();
      try {
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      } catch (error) {
        // A browser that refuses to change a file page's address: the list still filters.
      }
    }

    function update() {
      facets.forEach(function (f) {
        var pool = records.filter(function (r) { return passes(r, f[0]); });
        f[2].forEach(function (v) {
          var n = pool.filter(function (r) { return has(r, f[0], v[0]); }).length;
          var box = boxes[f[0]][v[0]];
          box.count.textContent = "(" + n + ")";
          box.input.disabled = !box.input.checked && n === 0;
        });
      });
      var sorted = records.slice().sort(compare[sort]);
      visible = [];
      sorted.forEach(function (r) {
        r.node.hidden = !passes(r, null);
        if (!r.node.hidden) visible.push(r);
        r.list.appendChild(r.node);
      });
      var filtered = facets.some(function (f) { return selected[f[0]].length; });
      groups.forEach(function (group) {
        var shown = group.querySelectorAll(".kb-cards > [data-kb-title]:not([hidden])").length;
        group.hidden = filtered && shown === 0;  // unfiltered, an empty phase still says so
        var count = group.querySelector("[data-kb-group-count]");
        if (count) count.textContent = String(shown);
      });
      clear.hidden = !filtered;
      empty.hidden = visible.length > 0;
      status.textContent = visible.length + " van " + plural(total, "praktijkvoorbeeld", "praktijkvoorbeelden");
      updateCsv();
      updateUrl();
      container.setAttribute("data-kb-listing-ready", String(++api.updates));
    }

    var api = {
      updates: 0,
      container: container,
      visible: function () { return visible.map(function (r) { return r.slug; }); },
      csv: function () { return csv(visible); },
    };
    listings.push(api);
    update();
  }

  /* A case's slug from its URL when the item does not name it: the last part of the path. */
  function slugOf(url) {
    var parts = (url.split(/[?#]/)[0] || "").split("/").filter(Boolean);
    var last = parts.pop() || "";
    if (last === "index.html") last = parts.pop() || "";
    return decodeURIComponent(last.replace(/\.html$/, ""));
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-kb-listing]"), setUp);
})();
