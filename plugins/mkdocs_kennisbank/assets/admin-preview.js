/* The editing form's preview (Decap CMS at admin/): an entry as it will look on the site, with
   the site's own stylesheets and the taxonomy's Dutch labels instead of the stored ids. Also
   merges the kennisbank's Dutch phrases over Decap's. Loaded by admin/index.html after
   decap-cms.js and before CMS.init(). Every text goes through React elements (escaped); the
   data comes from the JSON element the plugin writes (decap.admin_data). */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var element = document.getElementById("kb-admin-data");
  if (!CMS || !h || !element) { return; }
  var data = JSON.parse(element.textContent);

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function merge(target, extra) {
    var result = {};
    Object.keys(target || {}).forEach(function (key) { result[key] = target[key]; });
    Object.keys(extra).forEach(function (key) {
      result[key] = isObject(extra[key]) && isObject(result[key]) ? merge(result[key], extra[key]) : extra[key];
    });
    return result;
  }
  CMS.registerLocale("nl", merge(CMS.getLocale("nl"), data.locale));

  // Lookups in Maps, never as object properties: a term id such as "constructor" stays a term.
  var facets = new Map(data.facets.map(function (f) {
    return [f[0], { label: f[1], plural: f[2], terms: new Map(f[3]) }];
  }));
  var statuses = new Map(data.statuses);
  var colors = data.palette || {};

  data.styles.forEach(function (href) { CMS.registerPreviewStyle(href); });

  function plain(value) {
    if (value === undefined || value === null) { return []; }
    if (value && typeof value.toJS === "function") { value = value.toJS(); }
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  function preview(kind, fields) {
    return window.createClass({
      render: function () {
        var entry = this.props.entry;
        function get(name) { return plain(entry.getIn(["data", name])); }
        var groups = [];
        fields.forEach(function (pair) {
          var facet = facets.get(pair[1]);
          var ids = get(pair[0]);
          if (!facet || !ids.length) { return; }
          groups.push(h.apply(null, ["div", { key: pair[0], className: "kb-terms__group" },
            h("dt", null, ids.length > 1 ? facet.plural : facet.label)].concat(ids.map(function (id, i) {
            var label = facet.terms.has(id) ? facet.terms.get(id) : id;
            return h("dd", { key: i }, h("span", { className: "kb-chip kb-chip--" + pair[1] }, label));
          }))));
        });
        var status = get("status")[0];
        var title = get("title")[0];
        var description = get("description")[0];
        var props = { className: "md-typeset kb-admin-preview", style: { padding: "0.8rem 1.2rem" } };
        Object.keys(colors).forEach(function (name) { props[name] = colors[name]; });
        return h("article", props,
          h("p", { className: "kb-kind" }, kind, status && statuses.has(status) ? " · " + statuses.get(status) : null),
          h("h1", null, title || ""),
          description ? h("p", { className: "kb-lead" }, description) : null,
          groups.length ? h("div", { className: "kb-facts" }, h.apply(null, ["dl", { className: "kb-terms" }].concat(groups))) : null,
          this.props.widgetFor("body"));
      },
    });
  }

  data.collections.forEach(function (collection) {
    CMS.registerPreviewTemplate(collection[0], preview(collection[1], collection[2]));
  });
})();
