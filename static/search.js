// Roundup search: loads the Pagefind bundle on demand and lists results as plain links.
// Only the search page uses JavaScript; every other page works without it.
const script = document.currentScript || document.querySelector("script[data-bundle]");
const bundle = script.dataset.bundle;
const params = new URLSearchParams(location.search);
const query = (params.get("q") || "").trim();
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
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

async function run() {
  if (input) input.value = query;
  if (await indexIsEmpty()) {
    status.textContent = "Nothing to search yet: this site has no articles.";
    return;
  }
  if (!query) {
    status.textContent = "Type a headline, an outlet or an event in the search box.";
    return;
  }
  status.textContent = "Searching…";
  const pagefind = await import(bundle);
  const search = await pagefind.search(query);
  const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
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
    // Pagefind marks matches with <mark>; keep only the text, so nothing from the index is parsed as HTML.
    const excerpt = (r.excerpt || "").replace(/<[^>]*>/g, "");
    if (excerpt) li.appendChild(text("p", excerpt));
    list.appendChild(li);
  }
  const n = search.results.length;
  status.textContent = n === 0 ? `No results for “${query}”.` : `${n} result${n === 1 ? "" : "s"} for “${query}”${n > 20 ? ", showing the first 20" : ""}.`;
}

run().catch((e) => {
  status.textContent = "Search could not load: " + e.message;
});
