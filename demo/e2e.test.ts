import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { closeAndRestore, launchChromium, waitForDeepText } from '../api/src/testing/chromium';

/**
 * The whole product as a customer meets it: `porchlight start` (real server, embedded database, demo site on its
 * own origin), the printed customer link opened in headless Chromium, the dispatcher moving the ticket.
 */
let server: ChildProcess;
let browser: Browser;
let printed = '';

before(async () => {
  server = spawn('node', ['--import', 'tsx', 'api/src/cli.ts', 'start'], {
    env: { ...process.env, DATABASE_URL: '', PORT: '0', DEMO_PORT: '0', PORCHLIGHT_MEMORY: '1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A test that times out never reaches `after`: the server must not outlive this process (it holds the runner's stderr).
  process.once('exit', () => server.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk) => {
      printed += chunk;
      if (/Customer link\s+\S+/.test(printed)) resolve();
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${printed}`)));
  });
  browser = await launchChromium({ tabRestore: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

const line = (label: string) => printed.match(new RegExp(`${label}\\s+(\\S+)`))![1]!;

describe('demo end to end', () => {
  it('shows the status from the printed link, catches up on a move made while the tab was hidden, then updates live; a reload and back/forward keep the view', async () => {
    const link = line('Customer link');
    const site = new URL(line('Demo site'));
    assert.notEqual(site.origin, new URL(line('API \\+ widget')).origin, 'the widget talks cross-origin');

    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 900 });
    const storage = () => page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
    // The company's page before the customer opened a link: the portal stores nothing.
    await page.goto(new URL('/service', site).href);
    await waitForDeepText(page, '[part~="error"]', 'open the link');
    assert.deepEqual(await storage(), [0, 0, ''], 'nothing is stored before a link is opened');

    // GET only: the cross-origin stream is preceded by a CORS preflight to the same URL.
    const isStream = (request: HTTPRequest) =>
      request.method() === 'GET' && new URL(request.url()).pathname.endsWith('/events');
    // The stream's code loads once the status shows, so the stream opens a moment after it.
    const streamOpen = new Promise<void>((resolve) =>
      page.on('response', (response) => isStream(response.request()) && response.status() === 200 && resolve()),
    );
    await page.goto(link);
    await waitForDeepText(page, '[aria-current="step"]', 'Ticket Dispatched');
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /^#porch-job=[0-9a-f-]{36}$/, 'the token leaves the address bar, which names the open job');
    assert.deepEqual(await storage(), [0, 1, ''], 'the session lives in this tab’s sessionStorage only');

    // Hide the tab once its stream is open: the widget closes the stream while hidden, so the next move cannot
    // arrive live.
    await streamOpen;
    const streamClosed = new Promise<void>((resolve) =>
      page.on('requestfailed', (request) => isStream(request) && resolve()),
    );
    const other = await browser.newPage();
    await other.bringToFront();
    assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
    await streamClosed;

    // The dispatcher moves the ticket while the tab is hidden, through the demo site's server-side admin calls (as
    // its page does: same origin, with the page's CSRF token).
    const dispatcherPage = await (await fetch(new URL('/dispatcher', site))).text();
    const headers = {
      'content-type': 'application/json',
      origin: site.origin,
      'x-csrf-token': dispatcherPage.match(/name="csrf-token" content="([^"]+)"/)![1]!,
    };
    const { items } = (await (await fetch(new URL('/dispatch/tickets', site), { headers })).json()) as {
      items: [{ id: string }];
    };
    const moved = await fetch(new URL(`/dispatch/tickets/${items[0].id}/events`, site), {
      method: 'POST',
      headers,
      body: JSON.stringify({ status: 'on_route', technician: { firstName: 'Sam' } }),
    });
    assert.equal(moved.status, 201);

    // Shown again, it reconnects and catches up on the move it missed. (Whether that request carries Last-Event-ID
    // depends on whether the stream's first event arrived before the tab was hidden; resuming by id is covered by
    // status-timeline.live.test.ts and portal-stream.test.ts.)
    const resumed = page.waitForRequest((request) => isStream(request));
    await page.bringToFront();
    await resumed;
    await waitForDeepText(page, '[aria-current="step"]', 'On Route to You');

    // And live, with the page simply open: the next move arrives over the event stream.
    const arrived = await fetch(new URL(`/dispatch/tickets/${items[0].id}/events`, site), {
      method: 'POST',
      headers,
      body: JSON.stringify({ status: 'onsite' }),
    });
    assert.equal(arrived.status, 201);
    await waitForDeepText(page, '[aria-current="step"]', 'Arrived Onsite');

    // A real reload and a trip back through history keep the view: the stored session opens it, no link needed.
    const redeems: string[] = [];
    page.on(
      'request',
      (request) => new URL(request.url()).pathname === '/v1/portal/session' && redeems.push(request.method()),
    );
    await page.reload();
    await waitForDeepText(page, '[aria-current="step"]', 'Arrived Onsite');
    await page.goto('about:blank');
    await page.goBack();
    await waitForDeepText(page, '[aria-current="step"]', 'Arrived Onsite');
    assert.equal(await page.evaluate(() => location.hash), hash);
    assert.deepEqual(redeems, [], 'no redeem after the first: the link token is gone, the session was restored');

    // Closing the tab and reopening it (as "Reopen closed tab" does) brings its sessionStorage back, and the view.
    const restored = await closeAndRestore(browser, page);
    await waitForDeepText(restored, '[aria-current="step"]', 'Arrived Onsite');
    assert.equal(await restored.evaluate(() => location.hash), hash);
    assert.equal(await restored.evaluate(() => sessionStorage.length), 1, 'the restored tab has its session back');
    await restored.close();
  });
});
