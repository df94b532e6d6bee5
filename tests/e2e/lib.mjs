// Shared by the browser tests that load the sample site and the generated site
// (reader.test.mjs, outlets.test.mjs): the browser, the viewports, and a page that may only
// reach 127.0.0.1 and fails its test on any page error or failed request.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR || path.join(HERE, 'artifacts');
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

/** Debian's Chromium, headless, with nothing that reaches the network by itself. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs `fn` on a fresh page of `browser` at `viewport`; page errors and failed requests fail it. */
export async function withPage(browser, viewport, fn, colorScheme = 'light') {
  const context = await browser.newContext({ viewport, colorScheme });
  context.setDefaultTimeout(10_000);
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  try {
    await fn(page);
    assert.deepEqual(errors, [], 'no page errors and no failed requests (a favicon 404 included)');
  } finally {
    await context.close();
  }
}
