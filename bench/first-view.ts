import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Browser, type CDPSession } from 'puppeteer-core';

/** The emulated customer link: 150 ms round trip, 1.6 Mbps down, 750 kbps up (Lighthouse's "slow 4G"). */
export const LINK = { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

/** One request as the network log saw it; times in ms since the navigation started. */
export interface LoggedRequest {
  url: string;
  method: string;
  type: string;
  start: number;
  end: number;
  /** Bytes on the wire (headers and body). */
  transferBytes: number;
  /** A CORS preflight (Chromium logs it as its own request). */
  preflight: boolean;
}

export interface FirstViewRun {
  /** From navigation start until the current step of the timeline is in the DOM. */
  statusMs: number;
  requests: LoggedRequest[];
}

export interface FirstViewFigures {
  scripts: number;
  scriptGzBytes: number;
  scriptTransferBytes: number;
  apiCalls: number;
  preflights: number;
  /** The longest chain of requests (scripts and API calls, preflights folded into their request) each starting after the previous ended. */
  sequentialRoundTrips: number;
  chain: string[];
  statusMs: number;
}

/**
 * Depth of the longest chain among `requests` where each one starts after the previous one ended. A preflight is
 * folded into the request it precedes (same URL, starts before it): the customer waits for both, but the issue counts
 * "redeem (with its preflight)" as one round trip of the chain.
 */
export function sequentialChain(requests: LoggedRequest[]): string[] {
  const sorted = [...requests].sort((a, b) => a.end - b.end);
  const best = new Map<LoggedRequest, string[]>();
  for (const request of sorted) {
    let longest: string[] = [];
    for (const before of sorted) {
      if (before === request || before.end > request.start) continue;
      const chain = best.get(before);
      if (chain && chain.length > longest.length) longest = chain;
    }
    best.set(request, [...longest, label(request)]);
  }
  return [...best.values()].reduce((a, b) => (b.length > a.length ? b : a), []);
}

function label(request: LoggedRequest): string {
  const path = new URL(request.url).pathname;
  return `${request.method} ${path.replace(/^\/widget\/(chunks\/)?/, '').replace(/-[\w-]{8}\.js$/, '.js')}`;
}

/** Folds each preflight into the request it precedes, so a chain counts "preflight + request" as one round trip. */
function foldPreflights(requests: LoggedRequest[]): LoggedRequest[] {
  const preflights = requests.filter((r) => r.preflight);
  return requests
    .filter((r) => !r.preflight)
    .map((r) => {
      const before = preflights.filter((p) => p.url === r.url && p.start <= r.start);
      return before.length ? { ...r, start: Math.min(...before.map((p) => p.start)) } : r;
    });
}

/**
 * Marks the moment the current step is in the DOM, walking open shadow roots every 10 ms (a background page gets no
 * animation frames). A string, not a function: tsx would wrap named functions in a helper the page does not have.
 */
const STATUS_PROBE = `(() => {
  const found = () => {
    const roots = [document];
    while (roots.length) {
      const root = roots.shift();
      if (root.querySelector('[aria-current="step"]')) return true;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return false;
  };
  const tick = () => (found() ? (window.porchStatusAt = performance.now()) : setTimeout(tick, 10));
  tick();
})()`;

/** Opens `link` in a fresh browser context over the emulated link and logs every request until the status shows. */
export async function openFirstView(browser: Browser, link: string, emulate = true): Promise<FirstViewRun> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const cdp: CDPSession = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (emulate) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  const open = new Map<string, LoggedRequest>();
  const done: LoggedRequest[] = [];
  let origin = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!origin) origin = e.timestamp;
    open.set(e.requestId, {
      url: e.request.url,
      method: e.request.method,
      type: e.type ?? 'Other',
      start: (e.timestamp - origin) * 1000,
      end: Infinity,
      transferBytes: 0,
      preflight: e.type === 'Preflight' || e.request.method === 'OPTIONS',
    });
  });
  const finish = (requestId: string, timestamp: number, bytes: number) => {
    const request = open.get(requestId);
    if (!request) return;
    open.delete(requestId);
    done.push({ ...request, end: (timestamp - origin) * 1000, transferBytes: bytes });
  };
  cdp.on('Network.loadingFinished', (e) => finish(e.requestId, e.timestamp, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => finish(e.requestId, e.timestamp, 0));
  await page.evaluateOnNewDocument(STATUS_PROBE);
  await page.goto(link);
  // Strings, not functions: this file is Node code without the DOM's types.
  await page.waitForFunction("'porchStatusAt' in window", { timeout: 60_000 });
  const statusAt = (await page.evaluate('window.porchStatusAt')) as number;
  // performance.now() counts from navigation start, as the log's times count from the document request's start.
  const statusMs = statusAt;
  await context.close();
  return { statusMs, requests: done.filter((r) => r.end <= statusMs) };
}

/** Figures of one run: the scripts and API calls made before the status showed, and their longest chain. */
export function figures(run: FirstViewRun, apiOrigin: string, dist = 'dist'): FirstViewFigures {
  const fromApi = run.requests.filter((r) => new URL(r.url).origin === apiOrigin);
  const scripts = fromApi.filter((r) => !r.preflight && new URL(r.url).pathname.startsWith('/widget/'));
  const calls = fromApi.filter((r) => new URL(r.url).pathname.startsWith('/v1/'));
  const gz = (url: string) => {
    const file = join(dist, new URL(url).pathname.replace(/^\/widget\//, ''));
    return existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : 0;
  };
  const chain = sequentialChain(foldPreflights([...scripts, ...calls]));
  return {
    scripts: scripts.length,
    scriptGzBytes: scripts.reduce((sum, r) => sum + gz(r.url), 0),
    scriptTransferBytes: scripts.reduce((sum, r) => sum + r.transferBytes, 0),
    apiCalls: calls.filter((r) => !r.preflight).length,
    // Those of the calls counted: a preflight logs at once, so one for a call below the status may slip in before it.
    preflights: calls.filter((r) => r.preflight && calls.some((c) => !c.preflight && c.url === r.url)).length,
    sequentialRoundTrips: chain.length,
    chain,
    statusMs: run.statusMs,
  };
}

/** `porchlight start` with an in-memory database; answers the API origin, a fresh customer link and a stop. */
export async function startDemoServer(): Promise<{ api: string; link: string; stop: () => void }> {
  const server = spawn('node', ['--import', 'tsx', 'api/src/cli.ts', 'start'], {
    env: { ...process.env, DATABASE_URL: '', PORT: '0', DEMO_PORT: '0', PORCHLIGHT_MEMORY: '1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk) => {
      printed += chunk;
      if (/Customer link\s+\S+\n/.test(printed)) resolve();
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${printed}`)));
  });
  const line = (label: string) => printed.match(new RegExp(`${label}\\s+(\\S+)`))![1]!;
  return {
    api: new URL(line('API \\+ widget')).origin,
    link: line('Customer link'),
    stop: () => server.kill('SIGTERM'),
  };
}

/** Median figures of `rounds` first views of the demo's ticket link over the emulated link. */
export async function measureFirstView(rounds = 3): Promise<FirstViewFigures> {
  const demo = await startDemoServer();
  // As api/src/testing/chromium.ts launches it (that file needs the DOM's types, which Node code here has not).
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    await openFirstView(browser, demo.link, false); // warm the server (module transpile, first queries)
    const runs: FirstViewFigures[] = [];
    for (let i = 0; i < rounds; i++) runs.push(figures(await openFirstView(browser, demo.link), demo.api));
    runs.sort((a, b) => a.statusMs - b.statusMs);
    return runs[Math.floor(runs.length / 2)]!;
  } finally {
    await browser.close();
    demo.stop();
  }
}
