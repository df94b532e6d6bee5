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
import { mkdirSync, readdirSync } from 'node:fs';
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

  await t.test('with an empty index (a site with no articles) the search page says so', async () => {
    await withPage({}, async (page) => {
      // The real entry file with no languages: what Pagefind writes for a site with no articles.
      await page.route('**/pagefind/pagefind-entry.json*', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, json: { ...(await res.json()), languages: {} } });
      });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await go(page, '/search/?q=Voz');
      const status = page.locator('#search-status');
      const want = 'Nothing to search yet: this site has no articles.';
      await page
        .waitForFunction((w) => document.getElementById('search-status')?.textContent === w, want, { timeout: 10_000 })
        .catch(async () => assert.fail(`/search/?q=Voz on an empty index: #search-status shows ${JSON.stringify(await status.innerText())}, not ${JSON.stringify(want)}`));
      assert.equal(await page.locator('#search-results li').count(), 0, 'no results listed');
      assert.deepEqual(errors, [], 'no page errors');
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
