// Browser tests of the generated site: navigation, search, figures tables,
// accessibility (axe-core, light and dark), screenshots and phone overflow,
// and no request leaving 127.0.0.1.
//
// Run through tests/e2e/run.sh, which builds and serves the site and sets:
//   BASE_URL       e.g. http://127.0.0.1:41234 (required)
//   PUBLIC_DIR     the served folder, to list every page (optional: falls back to sitemap.xml)
//   CHROMIUM_PATH  default /usr/bin/chromium
//   ARTIFACTS_DIR  default tests/e2e/artifacts

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const PUBLIC_DIR = process.env.PUBLIC_DIR || '';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR || path.join(HERE, 'artifacts');
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const ROOT = path.resolve(HERE, '../..');
const BIN = process.env.ROUNDUP_BIN || path.join(ROOT, 'target/debug/roundup');

if (!BASE_URL) throw new Error('BASE_URL is not set; run the suite with: bash tests/e2e/run.sh');

// The four pages that get accessibility checks and screenshots. The event page
// is taken from /events.json in before().
const ARTICLE_PATH = '/articles/004-vozus-17-violent-criminals-sent-to-el-salvador/';
const OUTLET_PATH = '/outlets/voz-us/';
const PAGES = { index: '/', event: null, outlet: OUTLET_PATH, article: ARTICLE_PATH };

// What the figures tables on every event page must show.
const DISAGREE_FIGURES = ['14,000', '40,000', 'fizoti.com', 'Costa Rica Post'];
const AGREE_FIGURES = ['238', 'over 200'];

const VIEWPORTS = { phone: { width: 375, height: 812 }, desktop: { width: 1440, height: 900 } };
const STEP_MS = 10_000; // one click, wait or navigation
const TEST_MS = 90_000; // one test

let browser;
let eventPaths = [];
let redirects = []; // [alias path, the event path it leads to], from /events.json
const requests = []; // every request URL seen by any page, with the page it came from
const notes = []; // console errors, page errors and failed responses: reported, not failed on

// ---- helpers ------------------------------------------------------------------

const url = (p) => BASE_URL + p;
const pathOf = (u) => {
  const x = new URL(u);
  return x.pathname + x.search;
};

function isLocal(u) {
  if (/^(data|blob|about):/.test(u)) return true;
  try {
    const { protocol, hostname } = new URL(u);
    return (protocol === 'http:' || protocol === 'https:' || protocol === 'ws:') && hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/** A fresh context whose requests are all recorded; anything not on 127.0.0.1 is blocked. */
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, ...options });
  context.setDefaultTimeout(STEP_MS);
  context.setDefaultNavigationTimeout(STEP_MS * 2);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    return isLocal(u) ? route.continue() : route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => requests.push({ url: r.url(), from: page.url() }));
  page.on('console', (m) => {
    if (m.type() === 'error') notes.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => notes.push(`page error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) notes.push(`HTTP ${r.status()} for ${r.url()} (from ${page.url()})`);
  });
  return page;
}

async function withPage(options, fn) {
  const page = await newPage(options);
  try {
    return await fn(page);
  } finally {
    await page.context().close();
  }
}

async function go(page, p) {
  const res = await page.goto(url(p), { waitUntil: 'load' });
  assert.ok(res, `no response for ${p}`);
  assert.equal(res.status(), 200, `GET ${p} answered HTTP ${res.status()}`);
  return res;
}

/** The first element matching `selector`, waiting for it; a clear failure if there is none. */
async function first(page, selector, what) {
  const loc = page.locator(selector).first();
  try {
    await loc.waitFor({ state: 'attached', timeout: STEP_MS / 2 });
  } catch {
    assert.fail(`${pathOf(page.url())}: no ${what} (selector \`${selector}\`)`);
  }
  return loc;
}

async function clickAndWait(page, selector, what, urlPattern, where = String(urlPattern)) {
  const loc = await first(page, selector, what);
  const href = await loc.getAttribute('href');
  await Promise.all([page.waitForURL(urlPattern, { timeout: STEP_MS }), loc.click()]).catch((e) => {
    assert.fail(`clicking ${what} (href ${href}) on ${pathOf(page.url())} did not lead to ${where}: ${e.message.split('\n')[0]}`);
  });
  await page.waitForLoadState('load');
}

function allHtmlPaths() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.html')) {
        const rel = '/' + path.relative(PUBLIC_DIR, full).split(path.sep).join('/');
        out.push(rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  };
  walk(PUBLIC_DIR);
  return out.sort();
}

async function pagesFromSitemap() {
  const res = await fetch(url('/sitemap.xml'));
  assert.equal(res.status, 200, 'GET /sitemap.xml');
  const xml = await res.text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

// ---- setup --------------------------------------------------------------------

before(async () => {
  // Playwright gives the browser a fresh temporary profile and removes it on close.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const res = await fetch(url('/events.json'));
  assert.equal(res.status, 200, 'GET /events.json');
  const { events } = await res.json();
  assert.ok(Array.isArray(events) && events.length > 0, '/events.json lists no events');
  eventPaths = events.map((e) => e.url);
  redirects = events.flatMap((e) => (e.aliases || []).map((a) => [`/events/${a}/`, e.url]));
  PAGES.event = eventPaths[0];
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (notes.length) {
    console.log(`\nNotes (reported, not failed on):\n  ${[...new Set(notes)].join('\n  ')}`);
  }
});

// ---- a. navigation ------------------------------------------------------------

test('navigation: index → event → article → outlet, back twice, breadcrumb to index', { timeout: TEST_MS }, async () => {
  await withPage({}, async (page) => {
    await go(page, '/');
    await clickAndWait(page, '.story h3 a', 'headline link on a story card', /\/events\//);
    const eventUrl = page.url();

    await clickAndWait(page, '.event-timeline a.article-link', 'article link in the timeline', /\/articles\//);
    await clickAndWait(page, 'a.outlet-link', 'outlet link', /\/outlets\//);

    await page.goBack({ waitUntil: 'load' });
    assert.match(page.url(), /\/articles\//, 'one step back from the outlet page is the article page');
    await page.goBack({ waitUntil: 'load' });
    assert.equal(page.url(), eventUrl, 'two steps back from the outlet page is the event page');

    await clickAndWait(page, 'nav.breadcrumb a', 'breadcrumb link', (u) => u.pathname === '/', 'the index /');
    assert.equal(pathOf(page.url()), '/', 'the first breadcrumb link leads to the index');
  });
});

// ---- b. search ----------------------------------------------------------------

test('search: every page has a search box, and a search finds the Voz.us article', { timeout: TEST_MS }, async (t) => {
  await t.test('every page has form[role=search] input[name=q]', async () => {
    // A redirect page is no page of its own (see the redirects test).
    const aliases = new Set(redirects.map(([a]) => a));
    const paths = (PUBLIC_DIR ? allHtmlPaths() : ['/', ...(await pagesFromSitemap())]).filter((p) => !aliases.has(p));
    assert.ok(paths.length > 0, 'no pages found');
    const lacking = [];
    await withPage({}, async (page) => {
      for (const p of paths) {
        await page.goto(url(p), { waitUntil: 'domcontentloaded' });
        if ((await page.locator('form[role=search] input[name=q]').count()) === 0) lacking.push(p);
      }
    });
    if (lacking.length) assert.fail(`${lacking.length} of ${paths.length} pages have no form[role=search] input[name=q]:\n  ${lacking.join('\n  ')}`);
  });

  const expected = `#search-results a[href*="${ARTICLE_PATH}"]`;

  await t.test('typing "Voz" in the box on the index and submitting lists the article', async () => {
    await withPage({}, async (page) => {
      await go(page, '/');
      const box = await first(page, 'form[role=search] input[name=q]', 'search box');
      await box.fill('Voz');
      await Promise.all([page.waitForURL(/\/search\/\?(.*&)?q=Voz/, { timeout: STEP_MS }), box.press('Enter')]).catch((e) => {
        assert.fail(`submitting the search form on / did not lead to /search/?q=Voz (now at ${pathOf(page.url())}): ${e.message.split('\n')[0]}`);
      });
      await page.locator(expected).first().waitFor({ state: 'attached', timeout: 10_000 }).catch(async () => {
        const box = page.locator('#search-results');
        const text = (await box.count()) ? (await box.first().innerText()).slice(0, 300) : '(no #search-results element)';
        assert.fail(`${pathOf(page.url())}: no link to ${ARTICLE_PATH} in #search-results within 10 s; it shows: ${JSON.stringify(text)}`);
      });
    });
  });

  await t.test('/search/?q=17 violent criminals lists the article', async () => {
    await withPage({}, async (page) => {
      await go(page, '/search/?q=17%20violent%20criminals');
      await page.locator(expected).first().waitFor({ state: 'attached', timeout: 10_000 }).catch(async () => {
        const box = page.locator('#search-results');
        const text = (await box.count()) ? (await box.first().innerText()).slice(0, 300) : '(no #search-results element)';
        assert.fail(`/search/?q=17 violent criminals: no link to ${ARTICLE_PATH} in #search-results within 10 s; it shows: ${JSON.stringify(text)}`);
      });
    });
  });

});

// ---- b2. what search finds, how it ranks and shows it ------------------------------

/** Loads /search/?q=QUERY on `base` and waits until the search has finished; gives the results. */
async function searchFor(page, query, base = BASE_URL) {
  const res = await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
  assert.equal(res?.status(), 200, `GET /search/?q=${query}`);
  await page
    .waitForFunction(() => !/Searching|needs JavaScript/.test(document.getElementById('search-status')?.textContent || ''), null, { timeout: 10_000 })
    .catch(async () => assert.fail(`search for ${JSON.stringify(query)} did not finish within 10 s: ${await page.locator('#search-status').innerText()}`));
  return page.evaluate(() =>
    [...document.querySelectorAll('#search-results li')].map((li) => ({
      path: new URL(li.querySelector('h2 a').href).pathname,
      title: li.querySelector('h2').textContent,
      detail: li.querySelector('.meta')?.textContent || '',
      excerpt: li.querySelector('.excerpt')?.textContent || '',
      marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent),
      elements: [...li.querySelectorAll('.excerpt *')].map((e) => e.localName),
    })),
  );
}

const isEvent = (p) => p.includes('/events/');
const isArticle = (p) => p.includes('/articles/');

test('search: finds what the pages say, events first, with highlighting', { timeout: TEST_MS }, async (t) => {
  await t.test('"CECOT" (said only in article bodies) finds both events', async () => {
    await withPage({}, async (page) => {
      const results = await searchFor(page, 'CECOT');
      const paths = results.map((r) => r.path);
      for (const e of eventPaths) assert.ok(paths.includes(e), `CECOT: ${e} not among the results ${JSON.stringify(paths)}`);
      assert.ok(paths.some(isArticle), `CECOT: no article among the results ${JSON.stringify(paths)}`);
    });
  });

  await t.test('"Noem": events are listed before articles, the visit before its own articles', async () => {
    await withPage({}, async (page) => {
      const paths = (await searchFor(page, 'Noem')).map((r) => r.path);
      const lastEvent = paths.findLastIndex(isEvent);
      const firstArticle = paths.findIndex(isArticle);
      assert.ok(lastEvent >= 0 && firstArticle >= 0, `Noem: expected events and articles, got ${JSON.stringify(paths)}`);
      assert.ok(lastEvent < firstArticle, `Noem: an article is listed before an event: ${JSON.stringify(paths)}`);
      const res = await fetch(url('/events.json'));
      const visit = (await res.json()).events.find((e) => e.url.includes('noem'));
      assert.ok(visit, 'the visit event in /events.json');
      const at = paths.indexOf(visit.url);
      for (const id of visit.articles) {
        const a = paths.indexOf(`/articles/${id}/`);
        assert.ok(at >= 0 && a > at, `Noem: /articles/${id}/ (at ${a}) is not after its event ${visit.url} (at ${at})`);
      }
    });
  });

  await t.test('matches are highlighted with <mark>; excerpts do not repeat the headline or outlet', async () => {
    await withPage({}, async (page) => {
      const results = await searchFor(page, 'Noem');
      const marked = results.filter((r) => r.marks.some((m) => /noem/i.test(m)));
      assert.ok(marked.length >= 3, `Noem: only ${marked.length} excerpt(s) highlight the word: ${JSON.stringify(results)}`);
      const color = await page.locator('#search-results .excerpt mark').first().evaluate((m) => getComputedStyle(m).backgroundColor);
      assert.notEqual(color, 'rgba(0, 0, 0, 0)', 'a <mark> has a background');
      for (const r of results) {
        assert.ok(r.elements.every((e) => e === 'mark'), `${r.path}: the excerpt holds only text and <mark>: ${r.elements}`);
        assert.ok(!r.excerpt.startsWith(r.title), `${r.path}: the excerpt repeats the headline: ${r.excerpt.slice(0, 120)}`);
        if (isArticle(r.path)) {
          const outlet = r.detail.replace(/^Article · /, '').split(' · ')[0];
          assert.ok(!r.excerpt.includes(`. ${outlet}. `), `${r.path}: the excerpt repeats the outlet ${outlet}: ${r.excerpt.slice(0, 160)}`);
        }
      }
    });
  });
});

// ---- b3. search on fixture sites: a hostile article, and no articles at all ----------

let FIXTURES; // { tmp, server, base }

/** A fixture site in `dir`: the repo's site.toml, templates/ and static/, and `articles`. */
function makeSite(dir, articles) {
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  writeFileSync(path.join(dir, 'site.toml'), readFileSync(path.join(ROOT, 'site.toml'), 'utf8'));
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(ROOT, 'static'), path.join(dir, 'static'), { recursive: true });
  for (const [name, text] of Object.entries(articles)) writeFileSync(path.join(dir, 'articles', name), text);
}

function buildSite(dir, out, baseUrl) {
  const args = ['build', '--root', dir, '--output-dir', out, '--allow-outside-root', '--base-url', baseUrl];
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${BIN} ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
}

/** serve.py on `dir`, resolved once it has written its port. */
function serve(dir, portFile) {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [path.join(HERE, 'serve.py'), dir, portFile], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    const t0 = Date.now();
    const poll = () => {
      const port = existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() : '';
      if (port) return resolve({ child, base: `http://127.0.0.1:${port}` });
      if (Date.now() - t0 > 10_000) return reject(new Error('serve.py did not write its port within 10 s'));
      setTimeout(poll, 50);
    };
    poll();
  });
}

// An article whose text carries markup: as a code span (so it reaches the plain text as it is)
// and as escaped entities. Search must show it as text.
const HOSTILE = `---
title: "Hostile markup in a body"
outlet: "Test Outlet"
date: 2025-03-28
---

The zanzibarite report quotes \`<img src=x onerror="window.__xss=1">\` and &lt;script&gt;window.__xss=2&lt;/script&gt; as plain zanzibarite text, and a literal \`<mark>zanzibarite</mark>\` too.
`;

async function fixtures() {
  if (FIXTURES) return FIXTURES;
  assert.ok(existsSync(BIN), `${BIN} not found: run \`cargo build\` first (or set ROUNDUP_BIN)`);
  const tmp = mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'roundup-search-'));
  const out = path.join(tmp, 'out');
  mkdirSync(out);
  const server = await serve(out, path.join(tmp, 'port'));
  FIXTURES = { tmp, server, base: server.base };
  makeSite(path.join(tmp, 'hostile'), { 'hostile.md': HOSTILE });
  buildSite(path.join(tmp, 'hostile'), path.join(out, 'hostile'), `${server.base}/hostile/`);
  makeSite(path.join(tmp, 'empty'), {});
  buildSite(path.join(tmp, 'empty'), path.join(out, 'empty'), `${server.base}/empty/`);
  return FIXTURES;
}

after(() => {
  if (!FIXTURES) return;
  FIXTURES.server.child.kill();
  rmSync(FIXTURES.tmp, { recursive: true, force: true });
});

test('search: the results page passes axe (light and dark) and fits a phone', { timeout: TEST_MS }, async (t) => {
  for (const scheme of ['light', 'dark']) {
    await t.test(`axe ${scheme}`, async () => {
      await withPage({ colorScheme: scheme }, async (page) => {
        await searchFor(page, 'Noem');
        await page.addScriptTag({ path: AXE_PATH });
        const result = await page.evaluate(() => window.axe.run());
        const lines = result.violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        if (lines.length) assert.fail(`/search/?q=Noem (${scheme}): ${lines.length} axe violation(s):\n  ${lines.join('\n  ')}`);
      });
    });
  }
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await t.test(`screenshot ${size}`, async () => {
      await withPage({ viewport, deviceScaleFactor: 1 }, async (page) => {
        await searchFor(page, 'CECOT');
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `search-${size}.png`), fullPage: true, timeout: STEP_MS * 2 });
        const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
        assert.ok(m.scroll <= m.width + 1, `/search/?q=CECOT at ${viewport.width}px: scrollWidth ${m.scroll} > ${m.width}`);
      });
    });
  }
});

test('search: fixture sites (markup in an article stays text; an empty site says so)', { timeout: TEST_MS }, async (t) => {
  const { base } = await fixtures();

  await t.test('markup in an article body shows as text in its excerpt', async () => {
    await withPage({}, async (page) => {
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const results = await searchFor(page, 'zanzibarite', `${base}/hostile`);
      const article = results.find((r) => isArticle(r.path));
      assert.ok(article, `no article among the results: ${JSON.stringify(results)}`);
      assert.equal(article.path, '/hostile/articles/hostile/', 'a result links to its page under the base path');
      for (const r of results) assert.equal((await fetch(base + r.path)).status, 200, `GET ${r.path}, a result's link`);
      assert.ok(results.findIndex((r) => isEvent(r.path)) < results.indexOf(article), 'the event comes first');
      assert.ok(article.excerpt.includes('<img src=x onerror="window.__xss=1">'), `the markup shows as text: ${article.excerpt}`);
      assert.ok(article.excerpt.includes('<script>window.__xss=2</script>'), `the escaped markup shows as text: ${article.excerpt}`);
      assert.ok(article.excerpt.includes('<mark>zanzibarite</mark>'), `the article's own <mark> is text: ${article.excerpt}`);
      assert.ok(article.elements.every((e) => e === 'mark'), `only <mark> elements in the excerpt: ${article.elements}`);
      assert.ok(article.marks.length >= 2, `the query is highlighted: ${JSON.stringify(article.marks)}`);
      assert.equal(await page.locator('#search-results img, #search-results script').count(), 0, 'no element from the article');
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script ran');
      assert.deepEqual(errors, [], 'no page errors');
    });
  });

  await t.test('a site with no articles: the search page says there is nothing to search, without errors', async () => {
    await withPage({}, async (page) => {
      const errors = [];
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`console error: ${m.text()}`);
      });
      for (const q of ['', 'Noem']) {
        await page.goto(`${base}/empty/search/${q ? `?q=${q}` : ''}`, { waitUntil: 'load' });
        const want = 'Nothing to search yet: this site has no articles.';
        await page
          .waitForFunction((w) => document.getElementById('search-status')?.textContent === w, want, { timeout: 10_000 })
          .catch(async () => assert.fail(`empty site, q=${q}: #search-status shows ${JSON.stringify(await page.locator('#search-status').innerText())}`));
        assert.equal(await page.locator('#search-results li').count(), 0, 'no results listed');
      }
      await page.waitForLoadState('networkidle', { timeout: STEP_MS }).catch(() => {});
      assert.deepEqual(errors, [], 'no errors');
    });
  });
});

// ---- c. figures ---------------------------------------------------------------

test('figures: every event page has a disagreeing and an agreeing figures table', { timeout: TEST_MS }, async (t) => {
  assert.ok(eventPaths.length >= 2, `expected two events in /events.json, found ${eventPaths.length}`);
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({}, async (page) => {
        await go(page, p);
        const problems = [];
        const check = async (selector, words) => {
          const tables = page.locator(selector);
          const n = await tables.count();
          if (n === 0) return problems.push(`no \`${selector}\``);
          const texts = await tables.allInnerTexts();
          // One table must hold every expected string.
          if (texts.some((tx) => words.every((w) => tx.includes(w)))) return;
          const all = texts.join('\n');
          problems.push(`no \`${selector}\` holds all of ${JSON.stringify(words)}; missing from every one: ${JSON.stringify(words.filter((w) => !all.includes(w)))}`);
        };
        await check('table.figures.disagree', DISAGREE_FIGURES);
        await check('table.figures:not(.disagree)', AGREE_FIGURES);
        if (problems.length) assert.fail(`${p}:\n  ${problems.join('\n  ')}`);
      });
    });
  }
});

/** The figures section of the page as data: tables in page order, the details that fold some. */
async function figuresOf(page) {
  return page.evaluate(() => {
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
    const tables = [...document.querySelectorAll('table.figures')].map((t) => ({
      caption: text(t.caption?.firstChild),
      disagree: t.classList.contains('disagree'),
      folded: !!t.closest('details'),
      rows: [...t.tBodies].flatMap((b) => [...b.rows]).map((r) => ({
        figure: text(r.querySelector('td.num a')),
        article: r.querySelector('td.num a')?.getAttribute('href') || '',
        quote: r.querySelector('q')?.textContent || '',
        related: !!r.querySelector('.from-related'),
        conflict: r.classList.contains('conflict'),
      })),
    }));
    const details = [...document.querySelectorAll('details')].filter((d) => d.querySelector('table.figures'));
    return {
      tables,
      details: details.map((d) => ({ summary: text(d.querySelector('summary')), open: d.open, rows: d.querySelectorAll('table.figures tbody tr').length })),
    };
  });
}

/** Where a table goes: 0 disagreements, 1 figures several outlets agree on, 2 folded one-outlet figures. */
const rank = (t) => (t.disagree ? 0 : t.folded ? 2 : 1);
const mostlyRelated = (t) => t.rows.filter((r) => r.related).length * 2 > t.rows.length;
const visitPath = () => eventPaths.find((p) => p.includes('dhs-secretary')) || assert.fail('no visit event');
const transferPath = () => eventPaths.find((p) => p.includes('17-violent')) || assert.fail('no transfer event');

test('figures: disagreements first, then agreement, own figures before related ones', { timeout: TEST_MS }, async (t) => {
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({}, async (page) => {
        await go(page, p);
        const { tables } = await figuresOf(page);
        assert.ok(tables.length > 0, `${p}: no figures tables`);
        const order = tables.map((x) => `${rank(x)}${mostlyRelated(x) ? 'r' : 'o'} ${x.caption}`);
        for (let i = 1; i < tables.length; i++) {
          const [a, b] = [tables[i - 1], tables[i]];
          assert.ok(rank(a) <= rank(b), `${p}: tiers out of order: ${order.join(' | ')}`);
          if (rank(a) === rank(b)) assert.ok(mostlyRelated(a) <= mostlyRelated(b), `${p}: a related event's table before the event's own: ${order.join(' | ')}`);
        }
      });
    });
  }
  await withPage({}, async (page) => {
    await go(page, visitPath());
    const { tables } = await figuresOf(page);
    const first = tables[0];
    assert.ok(first.disagree && first.caption === 'inmates (capacity)', `the visit's first table is the disagreeing capacity table, not ${JSON.stringify(first.caption)}`);
    assert.deepEqual(first.rows.map((r) => r.figure).sort(), ['up to 14,000', 'up to 40,000']);
    await go(page, transferPath());
    const shown = (await figuresOf(page)).tables;
    const at = (fig) => shown.findIndex((x) => x.rows.some((r) => r.figure === fig));
    assert.ok(at('17') >= 0 && at('17') < at('238'), `on the transfer page the event's own 17 comes before the visit's 238: ${shown.map((x) => x.caption).join(' | ')}`);
  });
});

test('figures: one details folds the figures one outlet reports, keyboard-operable and axe-clean', { timeout: TEST_MS * 2 }, async (t) => {
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({}, async (page) => {
        await go(page, p);
        const { tables, details } = await figuresOf(page);
        const folded = tables.filter((x) => x.folded);
        if (!folded.length) return assert.equal(details.length, 0, `${p}: an empty details`);
        assert.equal(details.length, 1, `${p}: one details element for the one-outlet figures`);
        const [d] = details;
        const m = d.summary.match(/^(\d+) (more )?figures? reported by one outlet$/);
        assert.ok(m, `${p}: summary says "N more figures reported by one outlet", not ${JSON.stringify(d.summary)}`);
        assert.equal(Number(m[1]), d.rows, `${p}: the summary counts the figures it folds`);
        assert.equal(d.open, false, `${p}: folded until asked`);
        // The summary is reached and opened with the keyboard alone.
        const summary = page.locator('details.figures-more > summary');
        assert.equal(await summary.evaluate((s) => s.tabIndex), 0, `${p}: the summary is in the tab order`);
        await summary.focus();
        await page.keyboard.press('Enter');
        assert.equal(await page.locator('details.figures-more').evaluate((x) => x.open), true, `${p}: Enter opens it`);
        for (const scheme of ['light', 'dark']) {
          await page.emulateMedia({ colorScheme: scheme });
          if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE_PATH });
          const result = await page.evaluate(() => window.axe.run('section.figures-compared'));
          const lines = result.violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (lines.length) assert.fail(`${p} (${scheme}, details open): ${lines.join('\n  ')}`);
        }
      });
    });
  }
  await withPage({}, async (page) => {
    await go(page, visitPath());
    const { details } = await figuresOf(page);
    assert.equal(details.length, 1, 'the visit folds its one-outlet figures');
    assert.ok(details[0].rows >= 5, `the visit folds its one-outlet figures, ${details[0].rows} of them`);
  });
});

test('figures: one table per counted noun, and a merge adds no conflict', { timeout: TEST_MS }, async (t) => {
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({}, async (page) => {
        await go(page, p);
        const { tables } = await figuresOf(page);
        const seen = new Set();
        for (const x of tables) {
          const key = `${rank(x)} ${x.caption.toLowerCase()}`;
          assert.ok(!seen.has(key), `${p}: two tables captioned ${JSON.stringify(x.caption)}`);
          seen.add(key);
          if (!x.disagree) assert.ok(x.rows.every((r) => !r.conflict), `${p}: ${x.caption}: a row marked as a conflict outside a disagreement`);
          else assert.ok(x.rows.some((r) => r.conflict), `${p}: ${x.caption}: a disagreement with no conflicting row`);
        }
      });
    });
  }
  await withPage({}, async (page) => {
    await go(page, visitPath());
    const gang = (await figuresOf(page)).tables.filter((x) => x.caption === 'gang members');
    assert.equal(gang.length, 1, 'one "gang members" table');
    assert.deepEqual(gang[0].rows.map((r) => r.figure), ['over 10,000', 'about 15,000', 'approximately 86,000']);
    assert.ok(gang[0].rows.every((r) => !r.conflict) && !gang[0].disagree, 'figures never compared are not a disagreement');
  });
});

test('figures: every quote holds its figure, cut at whole words, quotation marks single and balanced', { timeout: TEST_MS }, async (t) => {
  // Quotation marks read alike, white space collapsed: how a quote and its source are compared.
  const plain = (s) => s.replace(/[“”‘’"']/g, "'").replace(/\s+/g, ' ');
  const sources = new Map();
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({}, async (page) => {
        await go(page, p);
        const problems = [];
        for (const x of (await figuresOf(page)).tables) {
          for (const r of x.rows) {
            const where = `${x.caption}, ${r.figure}: ${JSON.stringify(r.quote)}`;
            if (!r.quote.includes(r.figure)) problems.push(`${where} does not hold its figure`);
            if (/[“”"]/.test(r.quote)) problems.push(`${where} has a double quotation mark inside <q>`);
            const opens = (r.quote.match(/‘/g) || []).length;
            const closes = (r.quote.match(/’(?![\p{L}\p{N}])/gu) || []).length;
            if (opens > closes) problems.push(`${where} opens ${opens} quotation(s) and closes ${closes}`);
            // Whole words: without the ellipses and the marks added at either end, the quote is a
            // run of words of the article's own text.
            if (!sources.has(r.article)) {
              const res = await fetch(url(r.article));
              const html = await res.text();
              const body = html.split('<div class="body">')[1] || html;
              sources.set(r.article, plain(body.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')));
            }
            const core = plain(r.quote).replace(/^'?…?/, '').replace(/…?'?$/, '');
            const src = sources.get(r.article);
            const i = src.indexOf(core);
            if (i < 0) problems.push(`${where} is not the article's text`);
            else {
              const before = src[i - 1] || ' ';
              const after = src[i + core.length] || ' ';
              if (/[\p{L}\p{N}]/u.test(before)) problems.push(`${where} starts mid-word`);
              if (r.quote.endsWith('…') && /[\p{L}\p{N}]/u.test(after)) problems.push(`${where} ends mid-word`);
            }
          }
        }
        if (problems.length) assert.fail(`${p}:\n  ${problems.join('\n  ')}`);
      });
    });
  }
});

test('figures: on a phone each row reflows so the quote has the full width', { timeout: TEST_MS }, async (t) => {
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({ viewport: { width: 390, height: 844 } }, async (page) => {
        await go(page, p);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const cells = await page.evaluate(() =>
          [...document.querySelectorAll('table.figures td.quote')].map((td) => ({
            quote: Math.round(td.getBoundingClientRect().width),
            table: Math.round(td.closest('table').getBoundingClientRect().width),
          })),
        );
        assert.ok(cells.length > 0, `${p}: no quote cells`);
        const narrow = cells.filter((c) => c.quote < 0.85 * c.table || c.quote < 280);
        assert.deepEqual(narrow, [], `${p}: quote cells squeezed at 390px`);
        const sw = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(sw <= 391, `${p}: the page scrolls sideways at 390px (${sw}px)`);
      });
    });
  }
});

test('figures: in a ~22rem side column the rows stack too, and nothing overflows it', { timeout: TEST_MS }, async (t) => {
  // The lead engineer moves the section into the event page's <aside> on wide screens; the layout
  // follows the section's own width (a container query), so narrowing it here shows what the aside
  // will. Axe runs on the narrow section too.
  for (const p of eventPaths) {
    await t.test(p, async () => {
      await withPage({}, async (page) => {
        await go(page, p);
        const cells = await page.evaluate(() => {
          const s = document.querySelector('section.figures-compared');
          s.style.width = '22rem';
          s.querySelectorAll('details').forEach((d) => (d.open = true));
          return {
            overflow: s.scrollWidth - s.clientWidth,
            rows: [...s.querySelectorAll('table.figures tr:has(td.quote)')].map((tr) => {
              const q = tr.querySelector('td.quote').getBoundingClientRect();
              const n = tr.querySelector('td.num').getBoundingClientRect();
              return { quote: Math.round(q.width), table: Math.round(tr.closest('table').getBoundingClientRect().width), below: q.top >= n.bottom - 1 };
            }),
          };
        });
        assert.ok(cells.rows.length > 0, `${p}: no rows`);
        assert.ok(cells.overflow <= 0, `${p}: the narrow section overflows by ${cells.overflow}px`);
        const bad = cells.rows.filter((r) => !r.below || r.quote < 0.85 * r.table);
        assert.deepEqual(bad, [], `${p}: rows not stacked (quote below the figure, full width) at 22rem`);
        for (const scheme of ['light', 'dark']) {
          await page.emulateMedia({ colorScheme: scheme });
          if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE_PATH });
          const result = await page.evaluate(() => window.axe.run('section.figures-compared'));
          const lines = result.violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (lines.length) assert.fail(`${p} (${scheme}, 22rem): ${lines.join('\n  ')}`);
        }
      });
    });
  }
});

test('redirects: an old event URL leads to its event, and says so to search engines', { timeout: TEST_MS }, async () => {
  // The sample's undated Costa Rica Post article reserves the slug it would give an event alone.
  assert.ok(redirects.length >= 1, 'expected a redirect in /events.json aliases');
  await withPage({}, async (page) => {
    for (const [alias, target] of redirects) {
      await page.goto(url(alias), { waitUntil: 'commit' });
      await page.waitForURL((u) => u.pathname === target, { timeout: STEP_MS }).catch(() => {
        assert.fail(`${alias} did not lead to ${target} (now at ${pathOf(page.url())})`);
      });
      await page.waitForLoadState('load');
      assert.ok((await page.locator('form[role=search] input[name=q]').count()) > 0, `${target} is the real event page`);
      const res = await fetch(url(alias));
      const html = await res.text();
      assert.ok(html.includes(`<link rel="canonical" href="`) && html.includes(`${target}">`), `${alias}: canonical link to ${target}`);
      assert.ok(!/<script/i.test(html), `${alias}: no script`);
    }
  });
});

// ---- d. accessibility ---------------------------------------------------------

test('accessibility: axe-core finds no violations, light and dark', { timeout: TEST_MS * 2 }, async (t) => {
  for (const scheme of ['light', 'dark']) {
    for (const [name, p] of Object.entries(PAGES)) {
      await t.test(`${name} (${p}) ${scheme}`, async () => {
        await withPage({ colorScheme: scheme }, async (page) => {
          await page.emulateMedia({ colorScheme: scheme });
          await go(page, p);
          await page.addScriptTag({ path: AXE_PATH });
          const result = await page.evaluate(() => window.axe.run());
          const lines = result.violations.map(
            (v) =>
              `${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n` +
              v.nodes.map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ')}`).join('\n'),
          );
          if (lines.length) assert.fail(`${p} (${scheme}): ${lines.length} axe violation(s):\n  ${lines.join('\n  ')}`);
        });
      });
    }
  }
});

// ---- e. screenshots and phone overflow ----------------------------------------

test('screenshots at phone and desktop sizes; no horizontal scrolling on a phone', { timeout: TEST_MS * 2 }, async (t) => {
  for (const [name, p] of Object.entries(PAGES)) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await t.test(`${name} ${size}`, async () => {
        await withPage({ viewport, deviceScaleFactor: 1 }, async (page) => {
          await go(page, p);
          const file = path.join(ARTIFACTS_DIR, `${name}-${size}.png`);
          await page.screenshot({ path: file, fullPage: true, timeout: STEP_MS * 2 });
          if (size !== 'phone') return;
          const m = await page.evaluate(() => {
            const vw = window.innerWidth;
            const wide = [];
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > vw + 1 && r.width > 0) {
                const name = (e) =>
                  e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                  (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
                const what = `${el.parentElement ? name(el.parentElement) + ' > ' : ''}${name(el)} (right edge ${Math.round(r.right)}px)`;
                wide.push({ right: r.right, what });
              }
            }
            wide.sort((a, b) => b.right - a.right);
            return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, wide: wide.slice(0, 8).map((w) => w.what) };
          });
          assert.ok(
            m.scrollWidth <= m.innerWidth + 1,
            `${p} at 375px: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; widest elements: ${m.wide.join(', ')}`,
          );
        });
      });
    }
  }
});

// ---- f. no external requests --------------------------------------------------
// Runs last: it checks the requests of every page the tests above loaded.

test('no request leaves 127.0.0.1', { timeout: TEST_MS }, async () => {
  // Load each page once more, so this holds even when run alone.
  for (const p of Object.values(PAGES).filter(Boolean)) {
    await withPage({}, async (page) => {
      await go(page, p);
      await page.waitForLoadState('networkidle', { timeout: STEP_MS }).catch(() => {});
    });
  }
  assert.ok(requests.length > 0, 'no requests were recorded');
  const external = requests.filter((r) => !isLocal(r.url));
  const list = [...new Set(external.map((r) => `${r.url} (from ${r.from})`))];
  if (list.length) assert.fail(`${list.length} request(s) not to 127.0.0.1:\n  ${list.join('\n  ')}`);
});
