// Runs the browser's Dutch analysis (search-dutch.js) in Node over a built site's search data.
//   node tests/js/analyse.js SITE_DIR < request.json > answer.json
// request: {"queries": [...], "suggest": [...], "rank": [...], "postings": [terms]}
// answer: {"groups": [[...]], "suggestions": [...], "ranked": [...], "postings": [[[doc, count]]], "lengths": [...]}
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const site = process.argv[2];
// The script as the site ships it (comments stripped by the build), not the source.
const asset = path.join(site, "assets", "kennisbank", "search-dutch.js");
const context = { console };
context.globalThis = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(asset, "utf8"), context);
const load = (url) => {
  vm.runInContext(fs.readFileSync(url, "utf8"), context);
  return Promise.resolve();
};
const data = path.join(site, "assets", "kennisbank", "zoekdata") + path.sep;
const engine = new context.KBSearch.Engine({ base: data, manifest: path.join(site, "assets", "kennisbank", "offline-index.js"), load });
const request = JSON.parse(fs.readFileSync(0, "utf8"));

engine.ready().then(async () => {
  const groups = [];
  for (const query of request.queries || []) {
    const found = await engine.analyse(query);
    groups.push(found.map((g) => [g.word, g.terms.map((t, i) => (g.indexed[i] ? t : null))]));
  }
  const suggestions = [];
  for (const word of request.suggest || []) suggestions.push(await engine.suggest(word));
  const ranked = [];
  for (const query of request.rank || []) {
    const found = await engine.analyse(query);
    const answer = await engine.rank(found, (t) => engine.lookup(t), (a, b) => a - b);
    const docs = await engine.documents(answer.ranked.slice(0, 10).map((r) => Number(r.id)));
    ranked.push(docs.map((d) => d[0]));
  }
  const postings = [];
  for (const term of request.postings || []) {
    const p = context.KBSearch.decodePostings((await engine.postings(term)).code);
    postings.push(p.docs.map((doc, i) => [doc, p.counts[i]]));
  }
  let lengths = null;
  if (request.postings) {
    await engine.file("lengths");
    lengths = Array.from(context.KBSearch.store.lengths);
  }
  process.stdout.write(JSON.stringify({ groups, suggestions, ranked, postings, lengths }));
}).catch((error) => { console.error(error); process.exit(1); });
