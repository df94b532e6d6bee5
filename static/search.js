// Roundup search: loads the Pagefind bundles on demand and lists results as plain links.
// Only the search page uses JavaScript; every other page works without it.
// Nothing from the index is ever parsed as HTML: every value is set as text.
const script = document.currentScript || document.querySelector("script[data-bundle]");
const bundle = script.dataset.bundle;
const params = new URLSearchParams(location.search);
const query = (params.get("q") || "").trim();
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

// Every record has a `kind` filter (src/search.rs); kinds are listed in this order, so an event
// always comes before its own articles. Within a kind, Pagefind's relevance order.
const KINDS = ["event", "outlet", "article"];
const SHOWN = 20;

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

// Pagefind's excerpt is the record's text with `<` and `>` written as `&lt;` and `&gt;` and the
// matched words wrapped in <mark>…</mark>. It is split on exactly those tags, and each piece is
// set as text (its two escapes undone), so an article's own markup can only ever show as text.
function excerpt(html) {
  const p = document.createElement("p");
  p.className = "excerpt";
  const plain = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  html.split("<mark>").forEach((part, i) => {
    let rest = part;
    if (i > 0) {
      const end = part.indexOf("</mark>");
      const marked = end < 0 ? part : part.slice(0, end);
      rest = end < 0 ? "" : part.slice(end + "</mark>".length);
      if (marked) p.appendChild(text("mark", plain(marked)));
    }
    if (rest) p.appendChild(document.createTextNode(plain(rest)));
  });
  return p;
}

// A site with no articles has an empty index, which Pagefind refuses to load ("No language
// indexes found"). Its entry file, next to the bundle, says so; if it cannot be read, the
// search itself reports what is wrong.
async function indexIsEmpty() {
  try {
    const entry = new URL("pagefind-entry.json", new URL(bundle, location.href));
    const res = await fetch(entry, { cache: "no-cache" });
    if (!res.ok) return false;
    const { languages } = await res.json();
    return !languages || Object.keys(languages).length === 0;
  } catch {
    return false;
  }
}

// The shard folders as absolute paths ending in "/" (Pagefind skips a merged path that the root
// bundle's path starts with, so the slash matters). Names are checked to be plain folder names,
// so the list can only ever point inside the bundle's own folder.
async function shardFolders() {
  const res = await fetch(new URL("shards.json", new URL(bundle, location.href)), { cache: "no-cache" });
  if (!res.ok) throw new Error(`${res.status} fetching the list of search shards`);
  const { shards } = await res.json();
  return (shards || [])
    .filter((name) => typeof name === "string" && /^[a-z0-9-]+$/.test(name))
    .map((name) => new URL(`${name}/`, new URL(bundle, location.href)).pathname);
}

async function run() {
  if (input) input.value = query;
  if (await indexIsEmpty()) {
    status.textContent = "Nothing to search yet: this site has no articles.";
    return;
  }
  if (!query) {
    status.textContent = "Type a name, a place, a headline or an outlet in the search box.";
    return;
  }
  status.textContent = "Searching…";
  const pagefind = await import(bundle);
  // Record URLs already start with the site's base path (src/search/); by default Pagefind
  // would put the bundle's folder in front of them once more.
  await pagefind.options({ baseUrl: "/" });
  // The index is sharded (src/search/shard.rs): the root bundle, imported above, holds the
  // outlets and Pagefind's code; shards.json lists the shard folders beside it, each merged in.
  // Pagefind searches every bundle and sorts all results by score, so within a kind the most
  // relevant come first whichever shard holds them.
  const folders = await shardFolders();
  await Promise.all(folders.map((folder) => pagefind.mergeIndex(folder, { baseUrl: "/" })));
  const found = [];
  for (const kind of KINDS) {
    const search = await pagefind.search(query, { filters: { kind } });
    found.push(...search.results);
  }
  const results = await Promise.all(found.slice(0, SHOWN).map((r) => r.data()));
  list.replaceChildren();
  for (const r of results) {
    const li = document.createElement("li");
    const a = text("a", r.meta.title || r.url);
    a.href = r.url;
    const h = document.createElement("h2");
    h.appendChild(a);
    li.appendChild(h);
    const detail = [r.meta.detail, r.meta.date].filter(Boolean).join(" · ");
    if (detail) li.appendChild(text("p", detail, "meta"));
    // An outlet without a description is indexed under its name: an excerpt of only the title
    // says nothing more.
    const ex = r.excerpt ? excerpt(r.excerpt) : null;
    if (ex && ex.textContent.trim() !== (r.meta.title || "").trim()) li.appendChild(ex);
    list.appendChild(li);
  }
  const n = found.length;
  status.textContent =
    n === 0
      ? `No results for “${query}”.`
      : `${n} result${n === 1 ? "" : "s"} for “${query}”${n > SHOWN ? `, showing the first ${SHOWN}` : ""}.`;
}

run().catch((e) => {
  status.textContent = "Search could not load: " + e.message;
});
