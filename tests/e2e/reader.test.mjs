// Browser tests of what a reader sees, on the sample site and on a generated 300-article site:
// story cards, the month archive, the event page's layout at phone and desktop widths, the
// attributed headline, "Who covered it", the outlet and article pages, the favicon, axe-core
// light and dark on the pages this file adds, and screenshots for the docs.
//
// Run through tests/e2e/run.sh, which builds and serves both sites and sets:
//   BASE_URL  the sample site (required)
//   BIG_URL   the generated site (required)
//   CHROMIUM_PATH, ARTIFACTS_DIR as for site.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as shared from './lib.mjs';
import { ARTIFACTS_DIR, AXE_PATH, DESKTOP, PHONE } from './lib.mjs';

const SITES = { sample: process.env.BASE_URL, generated: process.env.BIG_URL };

for (const [name, u] of Object.entries(SITES)) {
  if (!u) throw new Error(`${name === 'sample' ? 'BASE_URL' : 'BIG_URL'} is not set; run the suite with: bash tests/e2e/run.sh`);
}

let browser;
const events = {}; // site → events.json's events

before(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  browser = await shared.launch();
  for (const [site, base] of Object.entries(SITES)) {
    events[site] = (await (await fetch(`${base}/events.json`)).json()).events;
  }
});

after(async () => {
  await browser?.close();
});

const withPage = (viewport, fn, colorScheme) => shared.withPage(browser, viewport, fn, colorScheme);

const biggest = (site) => [...events[site]].sort((a, b) => b.articles.length - a.articles.length)[0];

for (const site of Object.keys(SITES)) {
  const base = SITES[site];

  test(`${site}: the index shows story cards by day and links a month archive`, async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/`);
      const cards = await page.$$eval('li.story', (els) =>
        els.map((e) => ({
          headline: e.querySelector('h3 a')?.getAttribute('href'),
          headlines: e.querySelectorAll('ul.headlines li').length,
          outlets: [...e.querySelectorAll('ul.headlines li .outlet')].length,
          full: e.querySelector('.full-coverage a')?.textContent.trim(),
        })),
      );
      assert.ok(cards.length > 0, 'story cards');
      for (const c of cards) {
        assert.match(c.headline, /\/events\//, 'the headline links to the event');
        assert.ok(c.headlines <= 3 && c.outlets === c.headlines, `at most 3 headlines, each with its outlet: ${JSON.stringify(c)}`);
        assert.match(c.full, /^Full coverage: \d+ articles? from \d+ outlets?/);
      }
      // On a desktop a card's other headlines sit beside its story, not below it.
      const card = page.locator('li.story:has(ul.headlines li)').first();
      if ((await card.count()) > 0) {
        const head = await card.locator('h3').boundingBox();
        const list = await card.locator('ul.headlines').boundingBox();
        assert.ok(list.x > head.x + 200 && list.y < head.y + head.height, `headlines beside the story: ${JSON.stringify({ head, list })}`);
      }
      const days = await page.$$eval('section.day > h2 time', (t) => t.map((x) => x.getAttribute('datetime')));
      assert.deepEqual(days, [...days].sort().reverse(), 'day headings, newest first');
      assert.equal(await page.locator('h1').count(), 1);
      // A month of the archive lists its events, each linking to a real event page.
      await page.click('nav.months li:first-child a');
      assert.match(page.url(), /\/archive\/\d{4}\/\d{2}\/$/);
      const links = await page.$$eval('main a[href*="/events/"]', (a) => a.map((x) => x.href));
      assert.ok(links.length > 0, 'the month lists events');
      const r = await page.goto(links[0]);
      assert.equal(r.status(), 200);
    });
  });

  test(`${site}: the event page puts the coverage beside the timeline on a desktop and stacks it on a phone`, async () => {
    const ev = biggest(site);
    const p = `${base}/events/${ev.slug}/`;
    await withPage(DESKTOP, async (page) => {
      await page.goto(p);
      const side = await page.locator('aside.event-side').boundingBox();
      const timeline = await page.locator('section.event-timeline').boundingBox();
      assert.ok(side.x > timeline.x + timeline.width - 1, `aside beside the timeline: ${JSON.stringify({ side, timeline })}`);
      assert.ok(timeline.width + side.width > 900, 'the page uses the wide screen');
      // A tall side column does not push the timeline away from the lead.
      const lead = await page.locator('section.lead-story').boundingBox();
      assert.ok(timeline.y - (lead.y + lead.height) < 100, `timeline right below the lead: ${JSON.stringify({ lead, timeline })}`);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `reader-${site}-event-desktop.png`) });
    });
    await withPage(PHONE, async (page) => {
      await page.goto(p);
      const side = await page.locator('aside.event-side').boundingBox();
      const timeline = await page.locator('section.event-timeline').boundingBox();
      assert.ok(Math.abs(side.x - timeline.x) < 2, 'stacked on a phone');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(scroll <= 1, `no horizontal scroll at 390 px (${scroll}px too wide)`);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `reader-${site}-event-phone.png`) });
    });
  });

  test(`${site}: the event's headline is attributed, its article leads and is not repeated`, async () => {
    const ev = biggest(site);
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/events/${ev.slug}/`);
      assert.match(await page.locator('p.attribution').innerText(), /^Headline from \S/);
      const lead = await page.locator('.lead-story a.article-link').getAttribute('href');
      const timeline = await page.$$eval('.event-timeline a.article-link', (a) => a.map((x) => x.getAttribute('href')));
      assert.ok(!timeline.includes(lead), 'the lead is not the first timeline entry again');
      // Who covered it: sorted by article count, bars only when the counts differ.
      const rows = await page.$$eval('.event-side ul.outlet-bar li', (li) =>
        li.map((l) => ({ n: parseInt(l.querySelector('.count').textContent, 10), bar: !!l.querySelector('.bar') })),
      );
      const counts = rows.map((r) => r.n);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most articles first');
      const differ = new Set(counts).size > 1;
      assert.ok(rows.every((r) => r.bar === differ), `bars ${differ ? 'on every row' : 'on none'}`);
      assert.equal(await page.locator('.badge').count(), 0, 'no initials badges');
      // Day separators above the dated timeline, oldest day first.
      const days = await page.$$eval('.event-timeline h3.day-sep time', (t) => t.map((x) => x.getAttribute('datetime')));
      assert.deepEqual(days, [...days].sort());
    });
  });

  test(`${site}: outlets A to Z ignoring case; an outlet page lists each event once with its own dates`, async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/outlets/`);
      const names = await page.$$eval('main a[href*="/outlets/"]', (a) => a.map((x) => x.textContent.trim()).filter(Boolean));
      const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
      assert.deepEqual(names, sorted);
      await page.click('main a[href*="/outlets/"]');
      const evs = await page.$$eval('.outlet-coverage .event-of a', (a) => a.map((x) => x.getAttribute('href')));
      assert.ok(evs.length > 0);
      assert.equal(new Set(evs).size, evs.length, 'each event once');
      const arts = await page.$$eval('.outlet-coverage li li a', (a) => a.map((x) => x.getAttribute('href')));
      assert.equal(new Set(arts).size, arts.length, 'each article once');
      assert.equal(await page.getByText('Exclusives').count(), 0, 'no separate exclusives list');
    });
  });

  test(`${site}: search finds the biggest event's place in its text, events before articles`, async () => {
    const ev = biggest(site);
    // A word of the event's own text: CECOT on the sample site, the place on the generated one.
    const word = site === 'sample' ? 'CECOT' : ev.slug.split('-').slice(1).join(' ');
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/search/?q=${encodeURIComponent(word)}`);
      await page.waitForSelector('#search-results li a', { timeout: 20_000 });
      const paths = await page.$$eval('#search-results li a', (a) => a.map((x) => new URL(x.href).pathname));
      assert.ok(paths.includes(`/events/${ev.slug}/`), `${word}: ${JSON.stringify(paths)}`);
      const lastEvent = paths.findLastIndex((p) => p.startsWith('/events/'));
      const firstArticle = paths.findIndex((p) => p.startsWith('/articles/'));
      assert.ok(firstArticle === -1 || lastEvent < firstArticle, `events first: ${JSON.stringify(paths)}`);
    });
  });

  if (site === 'generated') {
    test('generated: search merges every shard: an article of the oldest, the event of the newest, events first', async () => {
      const { shards } = await (await fetch(`${base}/pagefind/shards.json`)).json();
      assert.ok(shards.length >= 4, `several shards: ${JSON.stringify(shards)}`);
      // Newest dated shard first (src/search/bundle.rs); d-0 holds the oldest dated articles.
      const [newest] = shards;
      assert.ok(shards.includes('d-0') && newest.startsWith('d-') && newest !== 'd-0', JSON.stringify(shards));
      await withPage(DESKTOP, async (page) => {
        const fetched = new Set();
        page.on('request', (r) => {
          const m = new URL(r.url()).pathname.match(/^\/pagefind\/([a-z0-9-]+)\/index\//);
          if (m) fetched.add(m[1]);
        });
        // The oldest dated article (gen_site.py: a0000, 2025-01-01) is the only one naming Quillon.
        await page.goto(`${base}/search/?q=Quillon`);
        await page.waitForSelector('#search-results li a', { timeout: 20_000 });
        let paths = await page.$$eval('#search-results li a', (a) => a.map((x) => new URL(x.href).pathname));
        assert.ok(paths.includes('/articles/a0000/'), `Quillon: ${JSON.stringify(paths)}`);
        assert.ok(paths.findIndex((p) => p.startsWith('/events/')) === 0, `an event first: ${JSON.stringify(paths)}`);
        assert.ok(fetched.has('d-0') && fetched.has(newest), `searched every shard: ${[...fetched]}`);
        // The event of the newest dated article sits in the newest shard.
        const latest = [...events[site]].filter((e) => e.last_date).sort((a, b) => b.last_date.localeCompare(a.last_date))[0];
        await page.goto(`${base}/search/?q=${encodeURIComponent(latest.title)}`);
        await page.waitForSelector('#search-results li a', { timeout: 20_000 });
        paths = await page.$$eval('#search-results li a', (a) => a.map((x) => new URL(x.href).pathname));
        assert.equal(paths[0], latest.url, `${latest.title}: ${JSON.stringify(paths)}`);
        const lastEvent = paths.findLastIndex((p) => p.startsWith('/events/'));
        const firstArticle = paths.findIndex((p) => p.startsWith('/articles/'));
        assert.ok(firstArticle === -1 || lastEvent < firstArticle, `events first: ${JSON.stringify(paths)}`);
      });
    });
  }

  test(`${site}: an article links its original under the headline`, async () => {
    const ev = biggest(site);
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/articles/${ev.articles[0]}/`);
      const read = page.locator('article header a', { hasText: /^Read the original at / });
      assert.equal(await read.count(), 1);
      assert.match(await read.getAttribute('href'), /^https?:\/\//);
    });
  });

  test(`${site}: axe-core finds no violations on the archive, a month and the biggest event, light and dark`, async () => {
    const ev = biggest(site);
    const month = (await (await fetch(`${base}/archive/`)).text()).match(/href="([^"]*\/archive\/\d{4}\/\d{2}\/)"/)[1];
    for (const scheme of ['light', 'dark']) {
      for (const p of ['/archive/', month.replace(/^https?:\/\/[^/]+/, ''), `/events/${ev.slug}/`]) {
        await withPage(DESKTOP, async (page) => {
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(`${base}${p.startsWith('/') ? p : '/' + p}`);
          await page.addScriptTag({ path: AXE_PATH });
          const v = (await page.evaluate(() => window.axe.run())).violations;
          assert.deepEqual(v.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${p} ${scheme}`);
        });
      }
    }
  });
}

test('screenshots of each kind of page at 390 px and 1440 px (for docs/pages.md; blindspots from the generated site)', { timeout: 120_000 }, async () => {
  const ev = biggest('sample');
  const pages = {
    index: '/',
    event: `/events/${ev.slug}/`,
    outlet: '/outlets/voz-us/',
    article: '/articles/004-vozus-17-violent-criminals-sent-to-el-salvador/',
    archive: '/archive/',
    search: '/search/?q=CECOT',
    // The sample site has no blindspot (an outlet of each event has no known country).
    blindspots: `${SITES.generated}/blindspots/`,
  };
  for (const [name, p] of Object.entries(pages)) {
    for (const [size, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
      await withPage(viewport, async (page) => {
        await page.goto(p.startsWith('http') ? p : `${SITES.sample}${p}`);
        if (name === 'search') await page.waitForSelector('#search-results li');
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `page-${name}-${viewport.width}.png`), fullPage: false });
      });
    }
  }
});
