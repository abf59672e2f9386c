"""The error page of the preview (`mkdocs serve`) while the content has problems.

MkDocs 1.6 stops answering every request while a rebuild has failed, so under `serve` the plugin
does not fail the build: it builds a site of one page instead, this one, which every URL shows
(as index.html and as the 404 page). It lists every problem as `pad:regel:kolom: veld: bericht`,
like `kennisbank check`, and reloads itself as soon as a later build has finished: it asks
MkDocs' livereload endpoint, which answers when the site changed. `mkdocs build` keeps failing.

Self-contained: inline style and script, no theme, no request outside the page but livereload.
"""

from __future__ import annotations

from markupsafe import escape

from .errors import Problem

# Ask livereload for a newer build than `epoch` (0: whatever is there now; then wait for the next
# one). On an answer newer than the build this page came from, reload; on a network error (the
# server restarting), try again a little later.
_RELOAD = """\
(function () {
  var epoch = %d, first = epoch === 0;
  function poll() {
    var req = new XMLHttpRequest();
    req.onloadend = function () {
      var seen = parseFloat(req.responseText);
      if (req.status === 200 && seen > 0) {
        if (!first && seen > epoch) { location.reload(); return; }
        if (first) { epoch = seen; first = false; }
        poll();
      } else {
        setTimeout(poll, 2000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + Date.now());
    req.send();
  }
  poll();
})();
"""

_STYLE = """\
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#fbeaea;color:#1f1f1f}
main{max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;color:#8b0000;margin:0 0 .5rem}
ol{padding:0;list-style:none}
li{background:#fff;border-left:.3rem solid #b00020;margin:.5rem 0;padding:.6rem .8rem;
   font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;
   overflow-wrap:anywhere}
li.kb-warning{border-color:#b36b00}
p.kb-hint{color:#444}
"""


def error_page(problems: list[Problem], site_name: str, epoch: int = 0) -> str:
    """The whole HTML page for `problems` (already sorted); `epoch`: the livereload version of
    the build that made it (0 when unknown: the page then asks for the current one first)."""
    errors = [p for p in problems if p.severity != "waarschuwing"]
    count = len(errors)
    noun = "fout" if count == 1 else "fouten"
    items = "\n".join(
        f'<li class="{"kb-warning" if p.severity == "waarschuwing" else "kb-error"}">{escape(p.format())}</li>'
        for p in problems
    )
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{count} {noun} in de kennisbank - {escape(site_name)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main id="kb-serve-error">
<h1>De kennisbank bevat {count} {noun}</h1>
<p>De voorbeeldweergave kan de site niet bouwen. Verbeter wat hieronder staat en sla het bestand op:
deze pagina laadt dan vanzelf opnieuw. Elke regel is <code>pad:regel:kolom: veld: bericht</code>.</p>
<ol>
{items}
</ol>
<p class="kb-hint">Dezelfde lijst krijg je met <code>kennisbank check</code>. Een gewone build
(<code>mkdocs build</code>) stopt bij deze fouten en laat de vorige site staan.</p>
</main>
<script>{_RELOAD % epoch}</script>
</body>
</html>
"""
