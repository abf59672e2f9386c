/* Kennisbank "Voorbeelden zoals mijn school".
 *
 * The visitor's choice (school type, region, phase, theme) is a plain GET form, so it lives in
 * the URL (?onderwijs=vmbo&fase=pilotfase); this script reads it, keeps the URL up to date while
 * the visitor changes it, and ranks the cases as search/fit.py does: per facet a case fits when
 * it shares a chosen value and differs when it has values but none of them; the score is the sum
 * of the fitting facets' weights (whole numbers from the build); equal scores keep the order the
 * build gives the cases (newest, then title). The reasons are made from the same phrases, so a
 * test compares this ranking with Python's.
 *
 * All data is in the page (a JSON script element), so it works from a file share (file://) too.
 * No request, no storage: the choice is only in the URL.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-kb-like-mine]");
  var source = document.getElementById("kb-like-mine-data");
  if (!form || !source) return;

  var data = JSON.parse(source.textContent);
  var PAGE_SIZE = 20;
  var status = document.getElementById("kb-like-mine-status");
  var list = document.getElementById("kb-like-mine-results");
  var more = document.getElementById("kb-like-mine-more");
  var reset = form.querySelector("[data-kb-like-mine-reset]");
  var siteRoot = new URL((form.getAttribute("data-base") || ".").replace(/\/?$/, "/"), location.href);
  var phrases = data.phrases;

  // The facets in the order a reason names them: heaviest first, then in taxonomy order (fit.reason_order).
  var ordered = data.facets.map(function (f, i) { return { facet: f, index: i }; }).sort(function (a, b) {
    return (b.facet.points - a.facet.points) || (a.index - b.index);
  }).map(function (item) { return item.facet; });

  // For tests: the last ranking and how often the page ranked.
  var state = window.kbLikeMine = { runs: 0, profile: {}, ranked: [] };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function ids(facet) { return facet.terms.map(function (t) { return t[0]; }); }

  /* The profile from URL parameters, as fit.profile_from_query: known values in taxonomy order;
     a one-value facet keeps the first known value given. */
  function profileFrom(getAll) {
    var profile = {};
    data.facets.forEach(function (facet) {
      var known = ids(facet);
      var given = getAll(facet.filter);
      if (!facet.multiple) given = given.filter(function (v) { return known.indexOf(v) >= 0; }).slice(0, 1);
      var chosen = known.filter(function (id) { return given.indexOf(id) >= 0; });
      if (chosen.length) profile[facet.key] = chosen;
    });
    return profile;
  }

  function join(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(", ") + " " + phrases.and + " " + words[words.length - 1];
  }

  function reasonOf(matched, differing) {
    var parts = [];
    if (matched.length) parts.push(phrases.same + " " + join(matched.map(function (f) { return f.name; })));
    if (differing.length) parts.push(phrases.other + " " + join(differing.map(function (f) { return f.name; })));
    return parts.join(", ");
  }

  /* fit.fit: matched and differing facets, score in hundredths, the reason. */
  function fit(item, profile) {
    var matched = [], differing = [], points = 0;
    ordered.forEach(function (facet) {
      var ours = profile[facet.key] || [];
      var theirs = item.values[facet.key] || [];
      if (!ours.length || !theirs.length) return;
      if (ours.some(function (v) { return theirs.indexOf(v) >= 0; })) {
        matched.push(facet);
        points += facet.points;
      } else {
        differing.push(facet);
      }
    });
    return {
      points: points,
      matched: matched.map(function (f) { return f.key; }),
      differing: differing.map(function (f) { return f.key; }),
      reason: reasonOf(matched, differing),
    };
  }

  /* fit.rank: the cases that fit in at least one facet (all of them without a choice), best
     first; equal scores in the build's order (newest, then title). */
  function rank(profile) {
    var chosen = Object.keys(profile).length > 0;
    var found = [];
    data.cases.forEach(function (item, index) {
      var f = fit(item, profile);
      if (!chosen || f.matched.length) found.push({ item: item, fit: f, index: index });
    });
    return found.sort(function (a, b) { return (b.fit.points - a.fit.points) || (a.index - b.index); });
  }

  // -- the form and the URL ------------------------------------------------------------------

  function fromForm(name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (control) {
      if (control.name !== name) return;
      if (control.type === "checkbox" ? control.checked : control.tagName === "SELECT" && control.value) values.push(control.value);
    });
    return values;
  }

  function fillForm(profile) {
    data.facets.forEach(function (facet) {
      var chosen = profile[facet.key] || [];
      Array.prototype.forEach.call(form.elements, function (control) {
        if (control.name !== facet.filter) return;
        if (control.type === "checkbox") control.checked = chosen.indexOf(control.value) >= 0;
        else if (control.tagName === "SELECT") control.value = chosen.length ? chosen[0] : "";
      });
    });
  }

  function updateUrl(profile) {
    var next = new URLSearchParams();
    data.facets.forEach(function (facet) {
      (profile[facet.key] || []).forEach(function (id) { next.append(facet.filter, id); });
    });
    var query = next.toString();
    try {
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (error) {
      // Some browsers refuse to change the address of a page opened as a file; the page still works.
    }
  }

  // -- showing ---------------------------------------------------------------------------------

  function showAdvice(profile) {
    var phases = profile[data.advice.facet] || [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-advice]"), function (node) {
      node.hidden = phases.length > 0 && phases.indexOf(node.getAttribute("data-kb-advice")) < 0;
    });
  }

  function renderResult(found) {
    var item = element("li", "kb-like-mine__result");
    var title = element("a", "kb-like-mine__title", found.item.title);
    title.href = new URL(found.item.url, siteRoot).href;
    item.appendChild(element("p", "kb-like-mine__heading")).appendChild(title);
    if (found.fit.reason) item.appendChild(element("p", "kb-like-mine__reason", "Waarom dit voorbeeld: " + found.fit.reason));
    if (found.item.description) item.appendChild(element("p", "kb-like-mine__description", found.item.description));
    if (found.item.levels.length) item.appendChild(element("p", "kb-like-mine__levels", "Interventieniveaus: " + found.item.levels.join(", ")));
    list.appendChild(item);
  }

  var ranked = [];
  var shown = 0;

  function showMore() {
    ranked.slice(shown, shown + PAGE_SIZE).forEach(renderResult);
    shown = Math.min(ranked.length, shown + PAGE_SIZE);
    more.hidden = shown >= ranked.length;
  }

  function statusText(count, chosen) {
    var total = data.cases.length;
    if (!chosen) {
      return "Je hebt nog niets gekozen: hieronder staan alle " + total + " praktijkvoorbeelden, de nieuwste eerst. Kies hierboven wat bij je school past.";
    }
    if (!count) return "Geen praktijkvoorbeeld lijkt op deze keuze. Kies minder of andere kenmerken.";
    return (count === 1 ? "1 praktijkvoorbeeld lijkt" : count + " praktijkvoorbeelden lijken") +
      " op je keuze; de best passende staan bovenaan.";
  }

  function run(profile) {
    state.runs++;
    state.profile = profile;
    ranked = rank(profile);
    state.ranked = ranked.map(function (r) {
      return { slug: r.item.slug, score: r.fit.points / 100, matched: r.fit.matched, differing: r.fit.differing, reason: r.fit.reason };
    });
    list.innerHTML = "";
    shown = 0;
    showMore();
    showAdvice(profile);
    status.textContent = statusText(ranked.length, Object.keys(profile).length > 0);
    form.setAttribute("data-ranked", String(state.runs));
  }

  function fromControls() {
    var profile = profileFrom(fromForm);
    updateUrl(profile);
    run(profile);
  }

  var params = new URLSearchParams(location.search);
  var initial = profileFrom(function (name) { return params.getAll(name); });
  fillForm(initial);
  form.addEventListener("change", fromControls);
  form.addEventListener("submit", function (event) { event.preventDefault(); fromControls(); });
  more.addEventListener("click", showMore);
  if (reset) {
    reset.addEventListener("click", function (event) {
      event.preventDefault();
      fillForm({});
      fromControls();
    });
  }
  run(initial);
})();
