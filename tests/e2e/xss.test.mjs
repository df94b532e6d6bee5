// XSS corpus test: every payload of xss-payloads.json in every untrusted field of an article,
// built with the real binary, served on 127.0.0.1 and loaded page by page in headless Chromium.
// Also: the fields Roundup validates (url, file name, event pin) refuse the payloads with a
// located error and write nothing; feeds, sitemap and events.json stay well-formed.
//
// Run alone (needs target/debug/roundup, i.e. `cargo build` first, and `npm ci` here):
//   node --test tests/e2e/xss.test.mjs
// run.sh runs it as a step of its own, after the other *.test.mjs files (E2E_XSS_TIMEOUT).
// It builds and serves its own site, so it ignores BASE_URL and PUBLIC_DIR.
//
// Environment (all optional):
//   ROUNDUP_BIN    the binary (default target/debug/roundup)
//   CHROMIUM_PATH  default /usr/bin/chromium
//   XSS_KEEP=1     keep the temporary folder (its path is printed)
//   XSS_WORKERS    pages loaded at once (default 3)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BIN = process.env.ROUNDUP_BIN || path.join(ROOT, 'target/debug/roundup');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WORKERS = Math.max(1, Number(process.env.XSS_WORKERS) || 3);
const KEEP = process.env.XSS_KEEP === '1';

const CORPUS = JSON.parse(readFileSync(path.join(HERE, 'xss-payloads.json'), 'utf8')).payloads;
const BUILD_MS = 300_000;
const STEP_MS = 15_000;

let TMP; // everything this test writes
let browser;
let server; // { child, port, base }
const notes = [];

// ---- helpers: text as Roundup and the browser see it ---------------------------------------

/** A YAML double-quoted scalar holding exactly `s`: ASCII only, every other character escaped. */
function yq(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c > 0xffff) out += '\\U' + c.toString(16).padStart(8, '0');
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}

/** Rust's `str::trim` (Unicode White_Space), which Roundup applies to front-matter text. */
const rustTrim = (s) => s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');

/** Characters Rust's `char::is_control` matches but tab, newline and CR, and U+FFFE/U+FFFF. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;

/**
 * Text compared without what HTML parsing and Roundup's input cleaning may legitimately change:
 * control characters (other than tab and newline), U+FFFD/U+FFFE/U+FFFF, and CR line ends.
 */
const comparable = (s) => rustTrim(s.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(/\ufffd/g, ''));

/** Roundup's slugify (src/slug.rs), to give outlets whose names would share a URL distinct names. */
function slugify(s) {
  const fold = { a: 'àáâãäåÀÁÂÃÄÅ', e: 'èéêëÈÉÊË', i: 'ìíîïÌÍÎÏ', o: 'òóôõöøÒÓÔÕÖØ', u: 'ùúûüÙÚÛÜ', n: 'ñÑ', c: 'çÇ', y: 'ýÿÝ' };
  let out = '';
  for (let ch of s) {
    for (const [k, v] of Object.entries(fold)) if (v.includes(ch)) ch = k;
    if (/^[A-Za-z0-9]$/.test(ch)) out += ch.toLowerCase();
    else if (ch === "'" || ch === '’') continue;
    else if (!out.endsWith('-') && out !== '') out += '-';
  }
  return out.replace(/-+$/, '');
}

const isHttpUrl = (s) => s.startsWith('https://') || s.startsWith('http://'); // Roundup's own test
const isSlug = (s) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s);
const okFileName = (s) => /^[A-Za-z0-9._-]+$/.test(s);
const short = (s, n = 70) => {
  const j = JSON.stringify(s);
  return j.length > n ? j.slice(0, n) + '…' : j;
};

/** One article file: front matter of double-quoted scalars, then the Markdown body. */
function articleText(fm, body) {
  const lines = ['---'];
  for (const [k, v] of Object.entries(fm)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) lines.push(`${k}: [${v.map((x) => (typeof x === 'string' ? yq(x) : String(x))).join(', ')}]`);
    else if (v && typeof v === 'object') {
      lines.push(`${k}:`);
      for (const [ek, ev] of Object.entries(v)) {
        if (Array.isArray(ev)) lines.push(`  ${yq(ek)}: [${ev.map((x) => (typeof x === 'string' ? yq(x) : String(x))).join(', ')}]`);
        else if (ev && typeof ev === 'object') {
          lines.push(`  ${yq(ek)}:`);
          for (const [k2, v2] of Object.entries(ev)) lines.push(`    ${yq(k2)}: ${yq(v2)}`);
        } else lines.push(`  ${yq(ek)}: ${typeof ev === 'string' ? yq(ev) : String(ev)}`);
      }
    } else if (k === 'date' || typeof v !== 'string') lines.push(`${k}: ${v}`);
    else lines.push(`${k}: ${yq(v)}`);
  }
  lines.push('---', '');
  return lines.join('\n') + '\n' + body;
}

/** 1-based line of `key:` in a file written by articleText. */
const lineOf = (text, key) => text.split('\n').findIndex((l) => l.startsWith(key + ':')) + 1;

/** A deterministic pseudo-random word list, so article texts differ (no accidental near-copies). */
const WORDS = (
  'harbour council budget river station ministry court witness rally border tariff vaccine drought ' +
  'pipeline senator strike reactor harvest embassy ceasefire mayor airport bridge refinery census ' +
  'election protest verdict museum stadium factory satellite wildfire glacier summit treaty province ' +
  'tribunal ferry railway auction festival inquiry hospital tunnel orchard lagoon quarry canal'
).split(' ');
function filler(seed, n) {
  let x = (seed * 2654435761) >>> 0;
  const out = [];
  for (let i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out.push(WORDS[x % WORDS.length]);
  }
  return out.join(' ');
}

function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every file under `dir`, relative, sorted. */
function walk(dir, base = dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, base, out);
    else out.push(path.relative(base, full));
  }
  return out.sort();
}

/** A new fixture site: the repo's site.toml (base_url replaced), templates/ and static/. */
function makeSite(name, baseUrl) {
  const dir = path.join(TMP, name);
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  const toml = readFileSync(path.join(ROOT, 'site.toml'), 'utf8');
  assert.match(toml, /^base_url = .*$/m, "the repo's site.toml has no base_url line to replace");
  writeFileSync(path.join(dir, 'site.toml'), toml.replace(/^base_url = .*$/m, `base_url = "${baseUrl}"`));
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(ROOT, 'static'), path.join(dir, 'static'), { recursive: true });
  return dir;
}

function build(site, out, baseUrl, cmd = 'build') {
  const args = cmd === 'build' ? ['build', '--root', site, '--output-dir', out, '--allow-outside-root', '--base-url', baseUrl] : ['check', '--root', site];
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: BUILD_MS, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`${BIN} ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

/**
 * The diagnostic naming `shown` (`shown:LINE:COL: message` at the start of a line, then
 * `  hint: ...`), or null.
 */
function diagnosticFor(output, shown) {
  let from = 0;
  for (;;) {
    const i = output.indexOf(shown + ':', from);
    if (i < 0) return null;
    from = i + 1;
    if (i > 0 && output[i - 1] !== '\n') continue;
    const m = output.slice(i + shown.length + 1).match(/^(\d+):(\d+): ([^\n]+)(?:\n  hint: ([^\n]+))?/);
    if (m) return { line: Number(m[1]), col: Number(m[2]), message: m[3], hint: m[4] || '' };
  }
}

function startServer(dir) {
  return new Promise((resolve, reject) => {
    const portFile = path.join(TMP, 'port');
    const child = spawn('python3', [path.join(HERE, 'serve.py'), dir, portFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => {
      log = (log + d).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve.py exited (${code}): ${log}`)));
    const t0 = Date.now();
    const poll = () => {
      if (existsSync(portFile) && readFileSync(portFile, 'utf8').trim()) {
        const port = Number(readFileSync(portFile, 'utf8').trim());
        child.removeAllListeners('exit');
        return resolve({ child, port, base: `http://127.0.0.1:${port}` });
      }
      if (Date.now() - t0 > 10_000) return reject(new Error('serve.py did not write its port within 10 s'));
      setTimeout(poll, 50);
    };
    poll();
  });
}

// ---- the payload site -------------------------------------------------------------------------

const PINS = ['xss-pin-a', 'xss-pin-b', 'xss-pin-c'];

/** The Markdown body of payload article `i`: the payload raw, in links, images, headings, tables... */
function bodyOf(i) {
  const p = CORPUS[i].payload;
  const n = String(i).padStart(3, '0');
  const figure = 1000 + (i % 3) * 750; // figures tables that disagree
  const group = filler(10_000 + Math.floor(i / 3), 25);
  return [
    `Report ${n}: ${p} as ${figure} people were moved, officials in ${group.split(' ')[0]} said.`,
    filler(i, 90) + '.',
    p,
    `[link ${n}](${p}) and [angle ${n}](<${p}>)`,
    `![image ${n}](${p}) and ![angle image ${n}](<${p}>)`,
    `<${p}>`,
    `[ref ${n}][r${n}] and ![ref image ${n}][r${n}]`,
    `[r${n}]: ${p}`,
    `# ${p}`,
    `## Heading <em>${p}</em>`,
    `> ${p}`,
    `- ${p}\n- second item`,
    `| a | b |\n|---|---|\n| ${p} | ${figure} |`,
    `Footnote[^f${n}].\n\n[^f${n}]: ${p}`,
    `<div title="${p}">${p}</div>`,
    `<a href="${p}">raw link</a> <img src="${p}" alt="raw image">`,
    'Inline `' + p + '` code and **' + p + '** emphasis.',
    '    indented ' + p,
    '```html\n' + p + '\n```',
    group + '.',
  ].join('\n\n') + '\n';
}

/**
 * One article per payload, the payload in every field. Returns [{file, id, cls, payload, fm}].
 * Dates put articles in threes, 40 days apart (some undated, some with times), so events of one
 * and of several articles, undated lists, figures tables and outlet pages all carry payloads;
 * every ninth article is pinned to one of three events that gather articles from across the years.
 */
function payloadArticles() {
  const usedSlugs = new Set();
  return CORPUS.map(({ class: cls, payload: p }, i) => {
    const n = String(i).padStart(3, '0');
    const id = `${n}-${cls}`;
    // Two outlets must not share a URL, whether or not control characters are dropped on input.
    const slugs = (name) => [name, name.replace(CONTROLS, '')].map((x) => slugify(rustTrim(x))).filter(Boolean);
    const outlet = slugs(p).some((x) => usedSlugs.has(x)) ? `${p} (${n})` : p;
    for (const x of slugs(outlet)) usedSlugs.add(x);
    const day = addDays('2001-01-01', Math.floor(i / 3) * 40);
    const date = i % 13 === 5 ? undefined : i % 4 === 1 ? `${day}T12:34:00+05:30` : i % 4 === 2 ? `"${day} 08:15"` : day;
    const pin = isSlug(rustTrim(p)) ? p : i % 9 === 4 ? PINS[i % 3] : undefined;
    const fm = {
      title: p,
      outlet,
      date,
      author: i % 2 ? p : [p, 'Second Author'],
      url: isHttpUrl(p) ? p : `https://example.org/${n}?q=${p}`,
      lang: p,
      tags: [p, `class-${cls}`],
      summary: p,
      event: pin,
      extra: { note: p, list: [p, 1], nested: { inner: p }, [p]: 'payload as a key', title_source: i % 10 === 0 ? 'url' : p },
    };
    // Every 20th article has the previous one's text, so "Same text as" links carry payloads.
    const body = i % 20 === 19 ? bodyOf(i - 1) : bodyOf(i);
    return { file: `articles/${id}.md`, id, cls, payload: p, fm, text: articleText(fm, body) };
  });
}

let site; // { dir, out, articles, pages, base }
const collected = new Map(); // page path -> what `collect` read from it

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} not found: run \`cargo build\` first (or set ROUNDUP_BIN)`);
  assert.ok(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  TMP = mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'roundup-xss-'));
  const out = path.join(TMP, 'public');
  server = await startServer(out);
  const baseUrl = server.base + '/';
  const dir = makeSite('site', baseUrl);
  const articles = payloadArticles();
  for (const a of articles) writeFileSync(path.join(dir, a.file), a.text);
  const t0 = Date.now();
  const r = build(dir, out, baseUrl);
  assert.equal(r.status, 0, `building the payload site failed (exit ${r.status}${r.signal ? ', ' + r.signal : ''}):\n${r.all.slice(0, 20_000)}`);
  console.log(`xss: ${articles.length} payload articles built in ${Date.now() - t0} ms: ${r.stdout.trim()}`);
  const pages = walk(out)
    .filter((f) => f.endsWith('.html'))
    .map((f) => '/' + f.split(path.sep).join('/'))
    .map((p) => (p.endsWith('/index.html') ? p.slice(0, -'index.html'.length) : p));
  // Redirect pages (event aliases) navigate away at once: they are checked on their own.
  const { events } = JSON.parse(readFileSync(path.join(out, 'events.json'), 'utf8'));
  const redirects = events.flatMap((e) => (e.aliases || []).map((a) => [`/events/${a}/`, e.url]));
  const aliases = new Set(redirects.map(([a]) => a));
  site = { dir, out, articles, pages: pages.filter((p) => !aliases.has(p)), redirects, base: server.base };
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (server) server.child.kill();
  if (notes.length) console.log(`\nxss notes (reported, not failed on):\n  ${[...new Set(notes)].slice(0, 50).join('\n  ')}`);
  if (TMP) {
    if (KEEP) console.log(`xss: kept ${TMP}`);
    else rmSync(TMP, { recursive: true, force: true });
  }
});

// ---- what the theme itself may put in a page ------------------------------------------------

/** Script and style elements the templates contain: `src`s of static files, and inline texts. */
function themeAllowances() {
  const templates = walk(path.join(ROOT, 'templates')).map((f) => readFileSync(path.join(ROOT, 'templates', f), 'utf8'));
  const inlineScripts = [];
  const inlineStyles = [];
  for (const t of templates) {
    for (const m of t.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) if (!/\bsrc=/i.test(m[1])) inlineScripts.push(m[2].trim());
    for (const m of t.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) inlineStyles.push(m[1].trim());
  }
  // Script files: what static/ holds (copied to the site root; search.js imports the Pagefind
  // bundle itself, which adds no script element).
  const staticFiles = walk(path.join(ROOT, 'static')).map((f) => '/' + f.split(path.sep).join('/'));
  return { inlineScripts, inlineStyles, staticFiles };
}

/**
 * Runs in the page: every way an injected payload could run script, or load a page that does.
 * Returns a list of problems (empty when the page is clean).
 */
function inspectPage({ allow, searchPath }) {
  const problems = [];
  // The element's start tag (its whole markup when it has no children), on one line.
  const describe = (el) => {
    let o = el.outerHTML || el.nodeName;
    if (el.children.length) o = o.slice(0, o.indexOf('>') + 1);
    o = o.replace(/\s+/g, ' ');
    return o.length > 160 ? o.slice(0, 160) + '…' : o;
  };
  // What a URL parser does before reading the scheme: strip leading/trailing C0 controls and
  // spaces, drop tabs and newlines anywhere; schemes are case-insensitive.
  const scheme = (v) => {
    const s = v.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '').toLowerCase();
    const m = s.match(/^([a-z][a-z0-9+.-]*):/);
    return m ? m[1] : '';
  };
  const BAD_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'livescript', 'mocha']);
  const URL_ATTRS = new Set([
    'href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'lowsrc', 'dynsrc', 'codebase',
    'cite', 'longdesc', 'usemap', 'manifest', 'ping', 'xlink:href', 'srcset', 'imagesrcset', 'archive', 'classid',
    'profile', 'icon', 'itemtype', 'to', 'from', 'values', 'by',
  ]);
  const FORBIDDEN = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'fencedframe', 'isindex']);

  const roots = [document];
  const seen = [];
  // Template contents and open shadow roots are not reached by querySelectorAll on the document.
  for (let k = 0; k < roots.length; k++) {
    for (const el of roots[k].querySelectorAll('*')) {
      seen.push(el);
      if (el.content && el.content.nodeType === 11) roots.push(el.content);
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  for (const el of seen) {
    const tag = el.localName.toLowerCase();
    if (FORBIDDEN.has(tag)) problems.push(`injected <${tag}>: ${describe(el)}`);
    if (tag === 'script') {
      const src = el.getAttribute('src') ?? el.getAttribute('href') ?? el.getAttribute('xlink:href');
      let ok = false;
      if (src != null && el.namespaceURI === 'http://www.w3.org/1999/xhtml') {
        try {
          const u = new URL(src, document.baseURI);
          ok = u.origin === location.origin && allow.staticFiles.includes(u.pathname);
        } catch {}
      } else if (src == null) ok = allow.inlineScripts.includes(el.textContent.trim());
      if (!ok) problems.push(`script element not from the theme: ${describe(el)}`);
    }
    if (tag === 'style' && !allow.inlineStyles.includes(el.textContent.trim())) problems.push(`style element not from the theme: ${describe(el)}`);
    if (tag === 'meta' && el.hasAttribute('http-equiv')) problems.push(`meta http-equiv: ${describe(el)}`);
    if (tag === 'link') {
      const rel = (el.getAttribute('rel') || '').toLowerCase();
      if (el.parentElement !== document.head || !['canonical', 'alternate', 'stylesheet', 'icon'].includes(rel)) problems.push(`injected <link>: ${describe(el)}`);
    }
    if (tag === 'form' && el.getAttribute('action') !== searchPath) problems.push(`form not the site's search form: ${describe(el)}`);
    if (el.getAttribute('shadowrootmode') != null || el.getAttribute('shadowroot') != null) problems.push(`declarative shadow root: ${describe(el)}`);
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`event handler attribute ${a.name}: ${describe(el)}`);
      if (name === 'srcdoc') problems.push(`srcdoc attribute: ${describe(el)}`);
      if (URL_ATTRS.has(name)) {
        const values = name.endsWith('srcset') ? a.value.split(',').map((c) => c.trim().split(/\s+/)[0] || '') : [a.value];
        for (const v of values) if (BAD_SCHEMES.has(scheme(v))) problems.push(`${scheme(v)}: URL in ${a.name}: ${describe(el)}`);
      }
      if (name === 'style' && /expression\s*\(|url\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding/i.test(a.value.replace(/\\|\/\*.*?\*\//g, ''))) {
        problems.push(`style attribute that can load or run code: ${describe(el)}`);
      }
    }
  }
  if (window.__xss !== undefined) problems.push(`the canary window.__xss was set to ${JSON.stringify(String(window.__xss))}`);
  return problems;
}

// ---- the browser checks -----------------------------------------------------------------------

/**
 * Loads `paths` in `WORKERS` tabs and returns {path: [problems]} for the pages that have any.
 * `collect(page, path)`, if given, runs on each loaded page (its result is kept in `collected`).
 */
async function loadAll(paths, { extraWait, collect } = {}) {
  const allow = themeAllowances();
  const searchPath = '/search/';
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(STEP_MS);
  context.setDefaultNavigationTimeout(STEP_MS * 2);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    let local = false;
    try {
      local = new URL(u).hostname === '127.0.0.1';
    } catch {}
    if (local) return route.continue();
    notes.push(`blocked a request to ${u.slice(0, 120)}`);
    return route.abort('blockedbyclient');
  });
  const failures = {};
  const queue = [...paths];
  const worker = async () => {
    const page = await context.newPage();
    let current = '';
    const fail = (msg) => (failures[current] ||= []).push(msg);
    page.on('dialog', async (d) => {
      fail(`a ${d.type()} dialog opened: ${JSON.stringify(d.message())}`);
      await d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => fail(`page error: ${e.message.split('\n')[0]}`));
    page.on('popup', (p) => fail(`a popup opened: ${p.url()}`));
    while (queue.length) {
      current = queue.shift();
      try {
        const res = await page.goto(site.base + current, { waitUntil: 'load' });
        const status = res ? res.status() : 0;
        if (status !== 200) fail(`GET answered HTTP ${status}`);
        if (extraWait) await extraWait(page, current);
        // Let autofocus, toggle, animation and media error handlers fire, then look.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 60))));
        if (new URL(page.url()).pathname + new URL(page.url()).search !== current) fail(`the page navigated away to ${page.url()}`);
        for (const p of await page.evaluate(inspectPage, { allow, searchPath })) fail(p);
        if (collect) collected.set(current, await collect(page, current));
      } catch (e) {
        fail(`could not be checked: ${e.message.split('\n')[0]}`);
      }
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  await context.close();
  return failures;
}

function report(failures, what) {
  const entries = Object.entries(failures);
  if (!entries.length) return;
  const byId = new Map(site.articles.map((a) => [a.id, a]));
  const lines = entries.map(([p, probs]) => {
    const m = p.match(/^\/articles\/([^/]+)\/$/);
    const a = m && byId.get(m[1]);
    const label = a ? `${p} (payload ${a.cls}: ${short(a.payload)})` : p;
    return `${label}\n      ${[...new Set(probs)].slice(0, 8).join('\n      ')}`;
  });
  assert.fail(`${entries.length} of ${what} failed:\n  ${lines.join('\n  ')}`);
}

/** On an article page: the fields as the reader sees them (text, or the attribute's value). */
async function readFields(page, p) {
  if (!/^\/articles\/[^/]+\/$/.test(p)) return null;
  return page.evaluate(() => ({
    title: document.querySelector('article.article h1')?.textContent ?? null,
    summary: document.querySelector('article.article .lede')?.textContent ?? null,
    tags: document.querySelector('article.article .tags')?.textContent ?? null,
    source: document.querySelector('article.article .source a')?.getAttribute('href') ?? null,
    lang: document.querySelector('article.article')?.getAttribute('lang') ?? null,
  }));
}

test('xss: every generated page is free of injected script', { timeout: 900_000 }, async (t) => {
  const { pages, articles } = site;
  const kinds = (re) => pages.filter((p) => re.test(p)).length;
  assert.equal(kinds(/^\/articles\/[^/]+\/$/), articles.length, 'one page per payload article');
  assert.ok(kinds(/^\/events\//) > 10 && kinds(/^\/outlets\/[^/]+\/$/) > 10, 'event and outlet pages were built');
  console.log(
    `xss: checking ${pages.length} pages (${kinds(/^\/articles\//)} articles, ${kinds(/^\/events\//)} events, ` +
      `${kinds(/^\/outlets\//)} outlet pages, ${kinds(/^\/(page\/\d+\/)?$/)} index pages, the rest: ${pages.filter((p) => !/^\/(articles|events|outlets|page)\//.test(p) && p !== '/').join(' ')})`,
  );
  await t.test(`${pages.length} pages: no dialog, page error, foreign script, handler attribute, script URL, frame or canary`, async () => {
    const t0 = Date.now();
    report(await loadAll(pages, { collect: readFields }), `${pages.length} pages`);
    console.log(`xss: ${pages.length} pages checked in ${Math.round((Date.now() - t0) / 1000)} s`);
  });
  await t.test('article pages show each field as the literal text it was given', () => {
    // Escaped, not interpreted and not template-evaluated: `{{ 7*7 }}` shows as itself, not 49.
    const wrong = [];
    for (const a of articles) {
      const got = collected.get(`/articles/${a.id}/`);
      if (!got) {
        wrong.push(`/articles/${a.id}/ was not read`);
        continue;
      }
      const want = { title: a.fm.title, summary: a.fm.summary, tags: `Tags: ${a.fm.tags.join(', ')}`, source: a.fm.url, lang: a.fm.lang };
      for (const k of Object.keys(want)) {
        const g = got[k] == null ? null : comparable(got[k]);
        const w = comparable(want[k]);
        if (g !== w) wrong.push(`/articles/${a.id}/ ${k}: expected ${short(w)}, the page shows ${short(g)}`);
      }
    }
    if (wrong.length) assert.fail(`${wrong.length} field(s) not shown as given:\n  ${wrong.slice(0, 60).join('\n  ')}`);
  });
  await t.test('self-test: the checks catch a page with injected script', async () => {
    // A page the site never has, written after the build: each line must be reported.
    const bad = [
      ['<script>alert(1)</script>', /dialog opened/],
      ['<script>window.__xss = 1</script>', /canary window.__xss/],
      ['<script>null.x</script>', /page error/],
      ['<img src=x onerror="void 0">', /event handler attribute onerror/],
      ['<svg><a xlink:href=" jAvA&#x09;script:void(0)"><text>x</text></a></svg>', /javascript: URL in xlink:href/],
      ['<a href="data:text/html,x">x</a>', /data: URL in href/],
      ['<iframe srcdoc="x"></iframe>', /injected <iframe>/],
      ['<object data="x"></object>', /injected <object>/],
      ['<base href="/x/">', /injected <base>/],
      ['<meta http-equiv="refresh" content="600">', /meta http-equiv/],
      ['<form action="javascript:void(0)"><button formaction="vbscript:x">x</button></form>', /vbscript: URL in formaction/],
      ['<div><template shadowrootmode="open"><b onclick="x">x</b></template></div>', /event handler attribute onclick/],
      ['<template><i onmouseover="x">x</i></template>', /event handler attribute onmouseover/],
    ];
    const dir = path.join(site.out, 'xss-selftest');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="en"><head><title>self-test</title></head><body>\n${bad.map((b) => b[0]).join('\n')}\n</body></html>\n`);
    const failures = (await loadAll(['/xss-selftest/'])) ['/xss-selftest/'] || [];
    rmSync(dir, { recursive: true, force: true });
    const missed = bad.filter(([, re]) => !failures.some((f) => re.test(f)));
    if (missed.length) assert.fail(`the checks missed ${missed.length} injected construct(s):\n  ${missed.map(([h, re]) => `${h} (expected a problem matching ${re})`).join('\n  ')}\nreported:\n  ${failures.join('\n  ')}`);
  });
  await t.test('search results for payload words list payload titles as text only', async () => {
    const queries = ['alert', 'script', 'onerror', 'javascript', 'svg', '7*7'];
    const paths = queries.map((q) => `/search/?q=${encodeURIComponent(q)}`);
    const waitForResults = async (page, p) => {
      await page
        .waitForFunction(() => !/Searching|needs JavaScript/.test(document.getElementById('search-status')?.textContent || ''), null, { timeout: 10_000 })
        .catch(() => {});
      const status = await page.locator('#search-status').innerText();
      if (/could not load/.test(status)) (notes.push(`${p}: ${status}`));
      const n = await page.locator('#search-results li').count();
      if (!n) notes.push(`${p}: no search results (${status})`);
    };
    report(await loadAll(paths, { extraWait: waitForResults }), `${paths.length} search result pages`);
  });
});

test('xss: every redirect page is inert and leads only to its event', { timeout: 300_000 }, async () => {
  const { redirects } = site;
  assert.ok(redirects.length > 0, 'the payload site has undated articles, so it has redirects');
  const problems = [];
  for (const [alias, target] of redirects) {
    const html = readFileSync(path.join(site.out, ...alias.split('/').filter(Boolean), 'index.html'), 'utf8');
    // The page is fixed HTML around three escaped values: the event's URL (twice), its absolute
    // form and its headline. Nothing else may appear.
    const tags = [...html.matchAll(/<\s*([a-zA-Z!][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase());
    const extra = tags.filter((t) => !['!doctype', 'html', 'head', 'meta', 'title', 'link', 'body', 'p', 'a'].includes(t));
    if (extra.length) problems.push(`${alias}: unexpected tags ${[...new Set(extra)].join(', ')}`);
    // Inside tags only: the escaped headline may well read "onerror=" as text.
    if ([...html.matchAll(/<[^>]*>/g)].some((m) => /\son[a-z]+\s*=/i.test(m[0]))) problems.push(`${alias}: an event handler attribute`);
    const urls = [...html.matchAll(/ href="([^"]*)"|<meta http-equiv="refresh" content="0; url=([^"]*)">/g)].map((m) => new URL((m[1] ?? m[2]).replace(/&amp;/g, '&'), site.base).pathname);
    if (urls.length !== 3 || urls.some((u) => u !== target)) problems.push(`${alias}: links ${urls.join(' ')} instead of ${target} three times`);
  }
  // In the browser: each one lands on its event, with no dialog on the way.
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', async (d) => {
    problems.push(`a ${d.type()} dialog opened on ${page.url()}`);
    await d.dismiss().catch(() => {});
  });
  for (const [alias, target] of redirects.slice(0, 40)) {
    await page.goto(site.base + alias, { waitUntil: 'commit' });
    await page.waitForURL((u) => u.pathname === target, { timeout: STEP_MS }).catch(() => problems.push(`${alias} did not lead to ${target}`));
  }
  await context.close();
  if (problems.length) assert.fail(`${problems.length} redirect problem(s):\n  ${problems.slice(0, 40).join('\n  ')}`);
});

test('xss: feeds and sitemap are well-formed XML, events.json is valid JSON', { timeout: 120_000 }, async () => {
  const xmlFiles = walk(site.out).filter((f) => f.endsWith('.xml') && !f.startsWith('pagefind'));
  assert.ok(xmlFiles.includes('feed.xml') && xmlFiles.includes('sitemap.xml'), `feed.xml and sitemap.xml exist (found ${xmlFiles.length} XML files)`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('about:blank');
  const problems = [];
  for (const f of xmlFiles) {
    const text = readFileSync(path.join(site.out, f), 'utf8');
    const r = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const err = doc.getElementsByTagName('parsererror')[0];
      if (err) {
        const t = err.textContent.replace(/\s+/g, ' ');
        return { error: (t.match(/error on line \d+ at column \d+: .*?(?= ?Below is|$)/) || [t])[0].slice(0, 300) };
      }
      const root = doc.documentElement;
      const marked = [];
      // Text fields of a feed carry no markup: payloads are escaped into text.
      for (const el of doc.querySelectorAll('entry > title, entry > summary, author > name, feed > title, feed > subtitle')) {
        if (el.children.length) marked.push(`<${el.localName}> holds elements: ${el.innerHTML.slice(0, 100)}`);
      }
      for (const el of doc.querySelectorAll('link')) {
        const h = (el.getAttribute('href') || '').trim().toLowerCase();
        if (!/^https?:\/\//.test(h)) marked.push(`<link href=${JSON.stringify(h.slice(0, 80))}> is not an http(s) address`);
      }
      for (const el of doc.querySelectorAll('loc, id')) {
        if (!/^https?:\/\//.test(el.textContent.trim())) marked.push(`<${el.localName}> ${JSON.stringify(el.textContent.slice(0, 80))} is not an http(s) address`);
      }
      return { root: `${root.namespaceURI} ${root.localName}`, entries: doc.getElementsByTagName('entry').length, marked };
    }, text);
    if (r.error) {
      const bad = [...text].map((c, i) => [c.codePointAt(0), i]).filter(([c]) => (c < 0x20 && ![9, 10, 13].includes(c)) || c === 0xfffe || c === 0xffff);
      const hint = bad.length ? ` (holds ${bad.length} character(s) XML forbids, e.g. U+${bad[0][0].toString(16).padStart(4, '0').toUpperCase()} at offset ${bad[0][1]})` : '';
      problems.push(`${f}: not well-formed: ${r.error}${hint}`);
      continue;
    }
    const want = f === 'sitemap.xml' ? 'http://www.sitemaps.org/schemas/sitemap/0.9 urlset' : 'http://www.w3.org/2005/Atom feed';
    if (r.root !== want) problems.push(`${f}: root element is ${r.root}, expected ${want}`);
    for (const m of r.marked) problems.push(`${f}: ${m}`);
  }
  await context.close();

  const raw = readFileSync(path.join(site.out, 'events.json'), 'utf8');
  let json;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    problems.push(`events.json: not valid JSON: ${e.message}`);
  }
  if (json) {
    if (!Array.isArray(json.events) || json.events.length === 0) problems.push('events.json: no "events" list');
    for (const e of json.events || []) {
      if (typeof e.url !== 'string' || !e.url.startsWith('/events/')) problems.push(`events.json: event url ${short(e.url)} is not under /events/`);
    }
    if (/<\//.test(raw)) problems.push('events.json: holds a raw "</" (it escapes "<" as \\u003c, so it is safe to inline in a page)');
  }
  if (problems.length) assert.fail(`${problems.length} problem(s) in ${xmlFiles.length} XML files and events.json:\n  ${problems.slice(0, 80).join('\n  ')}`);
});

// ---- refusals: the fields Roundup validates ------------------------------------------------

/** A small valid article around one bad field. */
function plainArticle(i, extra = {}) {
  return articleText(
    { title: `Plain headline ${i}`, outlet: `Plain outlet ${i}`, date: addDays('2020-01-01', i), ...extra },
    `A plain body ${i}: ${filler(i, 30)}.\n`,
  );
}

/**
 * Builds `files` ({name: text}) as a site under `dir` into a deep output folder, and checks:
 * the build fails; every file in `expect` ({name: {line}}) is named by a located diagnostic
 * (`path:line:col: message` with a hint, `line` as given when not null) matching `topic`; no
 * other file is; and nothing at all was written (the site's folder holds only what we wrote).
 */
function expectRefused(name, files, expect, topic, depth = 4) {
  const dir = makeSite(name, 'http://127.0.0.1:9/');
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'articles', f)), { recursive: true });
    writeFileSync(path.join(dir, 'articles', f), text);
  }
  // The output folder is deep inside the site, so a payload that climbs out of it stays here.
  const out = path.join(dir, ...Array.from({ length: depth }, (_, i) => `d${i}`), 'public');
  const before = walk(dir);
  const r = build(dir, out, 'http://127.0.0.1:9/');
  const general = [];
  const perFile = [];
  if (r.status === 0) general.push(`the build succeeded; it must fail. It said: ${r.all.trim().slice(0, 300)}`);
  else if (r.status !== 1) general.push(`the build exited with ${r.status}${r.signal ? ' (' + r.signal + ')' : ''}, not 1: ${r.all.slice(-600)}`);
  let named = 0;
  for (const [f, { line }] of Object.entries(expect)) {
    const shown = `articles/${f}`;
    const d = diagnosticFor(r.all, shown) || diagnosticFor(r.all, path.join(dir, 'articles', f));
    if (!d) perFile.push(`${short(shown, 90)}: no \`path:line:col: message\` naming it`);
    else {
      named++;
      if (line != null && d.line !== line) perFile.push(`${short(shown, 90)}: located at line ${d.line}, expected ${line} (${d.message})`);
      if (!topic.test(d.message)) perFile.push(`${short(shown, 90)}: message does not match ${topic}: ${d.message}`);
      if (!d.hint) perFile.push(`${short(shown, 90)}: no hint after the message`);
    }
  }
  for (const f of Object.keys(files)) {
    if (!(f in expect) && diagnosticFor(r.all, `articles/${f}`)) perFile.push(`articles/${f} is valid but was reported: ${diagnosticFor(r.all, `articles/${f}`).message}`);
  }
  if (r.status !== 0 && !/nothing was written/.test(r.all)) general.push(`the output does not end with "N problems found; nothing was written"; it ends: ${JSON.stringify(r.all.trim().slice(-300))}`);
  const after = walk(dir);
  const written = after.filter((f) => !before.includes(f));
  if (written.length) general.push(`${written.length} file(s) were written, e.g. ${written.slice(0, 6).map((w) => short(w, 100)).join(', ')}`);
  if (perFile.length) general.push(`${named} of ${Object.keys(expect).length} refused files are named by a located error; ${perFile.length} problem(s) with single files follow`);
  return { problems: [...general, ...perFile], named, output: r.all };
}

test('xss: a url that is not http(s) is refused, naming each file at its url line', { timeout: 120_000 }, () => {
  const files = {};
  const expect = {};
  CORPUS.forEach(({ payload }, i) => {
    if (isHttpUrl(payload)) return;
    const text = plainArticle(i, { url: payload });
    files[`u${String(i).padStart(3, '0')}.md`] = text;
    expect[`u${String(i).padStart(3, '0')}.md`] = { line: lineOf(text, 'url') };
  });
  const { problems, named } = expectRefused('refuse-url', files, expect, /`url`/);
  console.log(`xss: url refusal: ${named} of ${Object.keys(expect).length} payloads named in the build's errors`);
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.slice(0, 60).join('\n  ')}`);
});

/** The file name a payload gives: `/` and NUL cannot be in a name, and names stop at 255 bytes. */
function fileNameOf(payload) {
  let s = payload.replace(/[/\u0000]/g, '_');
  while (Buffer.byteLength(s + '.md') > 200) s = [...s].slice(0, -1).join('');
  return s;
}

test('xss: a file name that is not [A-Za-z0-9._-] is refused, naming each file', { timeout: 120_000 }, () => {
  const files = {};
  const expect = {};
  let valid = 0;
  const seen = new Set();
  CORPUS.forEach(({ payload }, i) => {
    const name = fileNameOf(payload);
    if (name.startsWith('.') || seen.has(name)) return; // hidden names: see the next test
    seen.add(name);
    if (okFileName(name)) {
      valid++;
      return;
    }
    files[`${name}.md`] = plainArticle(i);
    expect[`${name}.md`] = { line: null };
  });
  const { problems, named } = expectRefused('refuse-file-name', files, expect, /file name|id/i);
  console.log(`xss: file-name refusal: ${named} of ${Object.keys(expect).length} payload names named in the build's errors (${valid} payloads make valid names)`);
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.slice(0, 60).join('\n  ')}`);
});

test('xss: file names starting with a dot are refused or skipped, never a page (not the home page)', { timeout: 120_000 }, () => {
  // `..md` has the id "." and `...md` the id "..": each must be refused with a located error
  // or skipped as a hidden file, but never become a page at /articles/./ or /articles/../
  // (which is the home page). One small build per name, beside one valid article.
  const dotNames = ['..md', '...md', '.hidden.md', ...new Set(CORPUS.map(({ payload }) => fileNameOf(payload)).filter((n) => n.startsWith('.')).map((n) => `${n}.md`))];
  const problems = [];
  dotNames.forEach((f, i) => {
    const dir = makeSite(`dot-name-${i}`, 'http://127.0.0.1:9/');
    writeFileSync(path.join(dir, 'articles', 'ok.md'), plainArticle(0));
    writeFileSync(path.join(dir, 'articles', f), plainArticle(i + 1));
    const outRel = path.join('d0', 'd1', 'd2', 'public');
    const out = path.join(dir, outRel);
    const before = walk(dir);
    const r = build(dir, out, 'http://127.0.0.1:9/');
    const it = short(`articles/${f}`, 60);
    if (r.status === 0) {
      // The build cache (.roundup/cache/, Roundup's own bookkeeping, never published) is the one
      // other place a build writes.
      const cache = path.join('.roundup', 'cache') + path.sep;
      const outside = walk(dir).filter((w) => !before.includes(w) && !w.startsWith(outRel + path.sep) && !w.startsWith(cache));
      if (outside.length) problems.push(`${it}: files written outside the output folder: ${outside.slice(0, 5).join(', ')}`);
      const stray = walk(out).filter((w) => w.startsWith('articles' + path.sep) && w !== path.join('articles', 'ok', 'index.html'));
      if (stray.length) problems.push(`${it}: pages under articles/ other than articles/ok/: ${stray.join(', ')}`);
      const index = readFileSync(path.join(out, 'index.html'), 'utf8');
      if (!/class="stories"/.test(index) || /class="article"/.test(index)) problems.push(`${it}: index.html is an article page, not the list of events (the article was written over the home page)`);
    } else {
      const d = diagnosticFor(r.all, `articles/${f}`);
      if (!d) problems.push(`${it}: the build failed without a located error naming it: ${r.all.slice(0, 300)}`);
      else if (!d.hint) problems.push(`${it}: no hint (${d.message})`);
      if (diagnosticFor(r.all, 'articles/ok.md')) problems.push(`${it}: articles/ok.md was reported: ${diagnosticFor(r.all, 'articles/ok.md').message}`);
      const written = walk(dir).filter((w) => !before.includes(w));
      if (written.length) problems.push(`${it}: the build failed but wrote ${written.slice(0, 5).join(', ')}`);
    }
  });
  if (problems.length) assert.fail(`${problems.length} problem(s) with ${dotNames.length} names:\n  ${problems.join('\n  ')}`);
});

test('xss: an event pin that is not a slug is refused, naming each file at its event line', { timeout: 120_000 }, () => {
  const files = {};
  const expect = {};
  let valid = 0;
  CORPUS.forEach(({ payload }, i) => {
    if (isSlug(rustTrim(payload))) {
      valid++;
      return;
    }
    const f = `p${String(i).padStart(3, '0')}.md`;
    files[f] = plainArticle(i, { event: payload });
    expect[f] = { line: lineOf(files[f], 'event') };
  });
  // Deep enough that no "../" in a pin climbs out of the test's own folder.
  const depth = Math.max(...CORPUS.map(({ payload }) => (payload.match(/\.\./g) || []).length)) + 3;
  const { problems, named } = expectRefused('refuse-pin', files, expect, /event/, depth);
  console.log(`xss: pin refusal: ${named} of ${Object.keys(expect).length} payload pins named in the build's errors (${valid} payloads are valid slugs)`);
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.slice(0, 60).join('\n  ')}`);
});

test('xss: YAML-special payloads written unquoted are read as text or refused with a located error', { timeout: 120_000 }, () => {
  // The payload site quotes every value; here each YAML payload is the raw `title:` value of a
  // one-article site, checked with `roundup check`: a clean result or a located error, never a
  // crash or a hang (the last one is an alias bomb).
  const raw = CORPUS.filter((c) => c.class === 'yaml').map((c) => c.payload);
  raw.push('&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]');
  const problems = [];
  let clean = 0;
  let refused = 0;
  raw.forEach((p, i) => {
    const dir = makeSite(`yaml-raw-${i}`, 'http://127.0.0.1:9/');
    const text = `---\ntitle: ${p}\noutlet: "Plain outlet"\ndate: 2020-01-01\n---\n\nA plain body.\n`;
    writeFileSync(path.join(dir, 'articles', 'a.md'), text);
    const t0 = Date.now();
    const r = build(dir, null, null, 'check');
    const ms = Date.now() - t0;
    if (ms > 20_000) problems.push(`${short(p)}: check took ${ms} ms`);
    if (r.status === 0) clean++;
    else if (r.status === 1 && diagnosticFor(r.all, 'articles/a.md')) refused++;
    else problems.push(`${short(p)}: exit ${r.status}${r.signal ? ' (' + r.signal + ')' : ''} without a located error: ${r.all.slice(0, 300)}`);
    rmSync(dir, { recursive: true, force: true });
  });
  console.log(`xss: raw YAML: ${clean} read as text, ${refused} refused with a located error, of ${raw.length}`);
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
});
