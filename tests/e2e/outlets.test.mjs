// Browser tests of outlet context: the coverage mix in an event page's aside, blindspot flags,
// the /blindspots/ page, kind labels, "first reported by" and originality, on the sample site
// and on a generated 300-article site whose outlets carry countries, kinds and a lean axis
// (gen_site.py: "strike-marlow" is covered only by outlets in Norland). axe-core light and
// dark, and no horizontal scroll at 390 px.
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

const SAMPLE = process.env.BASE_URL;
const BIG = process.env.BIG_URL;

if (!SAMPLE || !BIG) throw new Error('BASE_URL and BIG_URL must be set; run the suite with: bash tests/e2e/run.sh');

let browser;
const events = {}; // base URL → events.json's events

before(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  browser = await shared.launch();
  for (const base of [SAMPLE, BIG]) {
    events[base] = (await (await fetch(`${base}/events.json`)).json()).events;
  }
});

after(async () => {
  await browser?.close();
});

const withPage = (viewport, fn, colorScheme) => shared.withPage(browser, viewport, fn, colorScheme);

const text = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));

test('sample: the visit shows its coverage mix with unknown, first reports and originality', async () => {
  const visit = events[SAMPLE].find((e) => e.articles.includes('002-anews-noem-visits-el-salvador-mega-prison'));
  await withPage(DESKTOP, async (page) => {
    await page.goto(`${SAMPLE}/events/${visit.slug}/`);
    const mix = await text(page, 'aside.event-side .coverage-mix li.mix');
    assert.ok(mix.includes('Countries: Costa Rica 1 · Turkey 1 · unknown 1'), JSON.stringify(mix));
    assert.ok(mix.includes('Kinds of piece: opinion 1 · unknown 2'), JSON.stringify(mix));
    const provenance = (await text(page, 'header .provenance'))[0];
    assert.match(provenance, /^3 of 3 articles are original reporting$/);
    const meta = (await text(page, 'header.event-header > p.meta'))[0];
    assert.match(meta, /^First reported 27 March 2025 by A News and london24-7\.uk · 3 articles from 3 outlets/);
    assert.deepEqual(await text(page, '.blindspot-flag'), [], 'an outlet of unknown country: no blindspot');
    // london24-7.uk files the piece under /opinion/: labelled in the timeline.
    const labelled = await page.$$eval('.event-timeline h3', (hs) =>
      hs.filter((h) => h.querySelector('.kind-label')).map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
    );
    assert.deepEqual(labelled, ['Opinion DHS Secretary Kristi Noem tours El Salvador prison for deported gang members']);
  });
});

test('generated: a blindspot is flagged on its event page and listed on /blindspots/', async () => {
  assert.deepEqual(events[BIG].find((e) => e.slug === 'strike-marlow').blindspots[0], { axis: 'country', value: 'Norland' });
  await withPage(DESKTOP, async (page) => {
    await page.goto(`${BIG}/events/strike-marlow/`);
    const flags = await text(page, 'header .blindspot-flag');
    assert.ok(flags.includes('Blindspot: Covered only by outlets in Norland'), JSON.stringify(flags));
    assert.equal(await page.locator('header .blindspot-flag a[href="/blindspots/"]').count(), flags.length);
    const mix = await text(page, 'aside .coverage-mix li.mix');
    assert.ok(mix.some((m) => m.startsWith('Countries: Norland ')), JSON.stringify(mix));
    assert.ok(mix.some((m) => m.startsWith('Lean: ')), 'the site\'s own axis has a mix: ' + JSON.stringify(mix));

    await page.click('.site-header nav a[href="/blindspots/"]');
    assert.equal(new URL(page.url()).pathname, '/blindspots/');
    const country = page.locator('section[aria-labelledby="bs-country"] li', { has: page.locator('a[href="/events/strike-marlow/"]') });
    assert.equal(await country.count(), 1);
    assert.match(await country.textContent(), /Covered only by outlets in Norland/);
  });
});

test('generated: opinion, wire and press-release pieces are labelled on story cards and in timelines', async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(`${BIG}/`);
    const labels = new Set(await text(page, 'li.story .kind-label'));
    assert.ok(labels.size > 0, 'story cards label some headlines');
    for (const l of labels) assert.ok(['Opinion', 'Wire', 'Press release'].includes(l), l);
    const ev = [...events[BIG]].sort((a, b) => b.articles.length - a.articles.length)[0];
    await page.goto(`${BIG}/events/${ev.slug}/`);
    const inTimeline = new Set(await text(page, '.event-timeline .kind-label'));
    assert.ok(inTimeline.has('Opinion') && inTimeline.has('Wire'), JSON.stringify([...inTimeline]));
  });
});

for (const [name, base, pages] of [
  ['sample', SAMPLE, () => ['/blindspots/', `/events/${events[SAMPLE][0].slug}/`]],
  ['generated', BIG, () => ['/blindspots/', '/events/strike-marlow/']],
]) {
  test(`${name}: axe-core finds no violations on /blindspots/ and an event page, light and dark`, async () => {
    for (const scheme of ['light', 'dark']) {
      for (const p of pages()) {
        await withPage(DESKTOP, async (page) => {
          await page.goto(`${base}${p}`);
          await page.addScriptTag({ path: AXE_PATH });
          const v = (await page.evaluate(() => window.axe.run())).violations;
          assert.deepEqual(v.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${p} ${scheme}`);
        }, scheme);
      }
    }
  });

  test(`${name}: /blindspots/ and an event page do not scroll sideways at 390 px`, async () => {
    for (const p of pages()) {
      await withPage(PHONE, async (page) => {
        await page.goto(`${base}${p}`);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(scroll <= 0, `${p} scrolls ${scroll}px sideways`);
        if (name === 'generated') await page.screenshot({ path: path.join(ARTIFACTS_DIR, `outlets${p.replace(/\W+/g, '-')}390.png`), fullPage: true });
      });
    }
  });
}
