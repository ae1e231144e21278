import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { figures, openFirstView, startDemoServer } from '../bench/first-view';

/**
 * The demo's ticket link in Chromium over an emulated 150 ms / 1.6 Mbps link, counted from Chromium's own network
 * log (CDP), preflights included: what the customer waits for before the status shows.
 */
let demo: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;

before(async () => {
  demo = await startDemoServer();
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  demo?.stop();
});

describe('the first view of a ticket link', () => {
  it('shows the status after the scripts and one API call (the redeem and its preflight): three round trips after the document', async () => {
    const run = figures(await openFirstView(browser, demo.link), demo.api);
    assert.equal(run.apiCalls, 1, `API calls before the status: ${run.chain.join(' → ')}`);
    assert.ok(run.preflights <= 1, `${run.preflights} preflights`);
    assert.deepEqual(
      run.chain.map((step) => step.replace(/-[\w-]+\.js$/, '.js')).at(-1),
      'POST /v1/portal/session',
      'the redeem is the last step',
    );
    // The entry, then every chunk at once (its modulepreload list), then the redeem.
    assert.equal(run.sequentialRoundTrips, 3, run.chain.join(' → '));
    assert.ok(run.scripts >= 4, `${run.scripts} scripts: the positive control that the log saw them`);
  });
});
