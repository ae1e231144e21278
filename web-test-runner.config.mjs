// Widget tests in headless Chromium against the real API: the fixture server (api/src/testing/fixture-server.ts)
// runs the API on an in-memory database for the whole run, and its control endpoints are proxied under
// /__fixtures/* so tests can create tickets and sessions. The API is on another origin, so CORS is exercised.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const PORT = Number(process.env.WTR_PORT ?? 8765);

async function startFixtureServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/testing/fixture-server.ts'], {
    env: { ...process.env, FIXTURE_ORIGINS: `http://localhost:${PORT}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const firstLine = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture server exited with ${code}:\n${stderr}`)));
    setTimeout(() => reject(new Error(`fixture server printed nothing in 180 s:\n${stderr}`)), 180_000).unref();
  });
  try {
    return { child, ...JSON.parse(await firstLine) };
  } catch (error) {
    child.kill();
    throw error;
  }
}

const fixtures = await startFixtureServer();
// serverStop stops it on a normal end; this covers a crash of the runner itself.
process.once('exit', () => fixtures.child.kill('SIGTERM'));

/** Forwards /__fixtures/<path> to the fixture server's control API. */
async function fixtureProxy(ctx, next) {
  if (!ctx.path.startsWith('/__fixtures/')) return next();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const response = await fetch(fixtures.control + ctx.url.slice('/__fixtures'.length), {
    method: ctx.method,
    headers: { 'content-type': ctx.get('content-type') || 'application/json' },
    body: ['GET', 'HEAD'].includes(ctx.method) ? undefined : Buffer.concat(chunks),
  });
  ctx.status = response.status;
  ctx.type = response.headers.get('content-type') ?? 'application/json';
  ctx.body = Buffer.from(await response.arrayBuffer());
}

/**
 * The console runs on the API's own origin (cookie session, Origin check): its tests call /v1/staff, /v1/admin and
 * /v1/logos on the test page's origin, forwarded here with the browser's Host, Origin and cookies, and Set-Cookie back.
 */
function consoleApiProxy(ctx, next) {
  if (!/^\/v1\/(staff|admin|logos)\//.test(ctx.path)) return next();
  const target = new URL(fixtures.api);
  return new Promise((resolve, reject) => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: ctx.method, path: ctx.url, headers: ctx.req.headers },
      (response) => {
        ctx.status = response.statusCode ?? 502;
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !['transfer-encoding', 'connection'].includes(name)) ctx.set(name, value);
        }
        ctx.body = response;
        resolve();
      },
    );
    upstream.once('error', reject);
    ctx.req.pipe(upstream);
  });
}

/**
 * `executeServerCommand('block-urls', {urls})`: make requests to these URL patterns fail like a network outage.
 * `executeServerCommand('set-timezone', {zone})`: the browser's own time zone, as a viewer elsewhere has it ('' resets).
 */
const cdpSessions = new Map();
const networkPlugin = {
  name: 'porch-network',
  async executeCommand({ command, payload, session }) {
    if (command !== 'block-urls' && command !== 'set-timezone') return undefined;
    let cdp = cdpSessions.get(session.id);
    if (!cdp) {
      cdp = await session.browser.getPage(session.id).createCDPSession();
      await cdp.send('Network.enable');
      cdpSessions.set(session.id, cdp);
    }
    if (command === 'set-timezone') await cdp.send('Emulation.setTimezoneOverride', { timezoneId: payload.zone });
    else await cdp.send('Network.setBlockedURLs', { urls: payload.urls });
    return true;
  },
};

/**
 * `executeServerCommand('set-visibility', {visible})`: hides the test page behind another tab, or brings it back —
 * the browser itself changes `document.visibilityState` and fires `visibilitychange`.
 */
const covers = new Map();
const visibilityPlugin = {
  name: 'porch-visibility',
  async executeCommand({ command, payload, session }) {
    if (command !== 'set-visibility') return undefined;
    const page = session.browser.getPage(session.id);
    if (payload.visible) {
      await page.bringToFront();
      await covers.get(session.id)?.close();
      covers.delete(session.id);
    } else if (!covers.has(session.id)) {
      const cover = await page.browser().newPage();
      covers.set(session.id, cover);
      await cover.bringToFront();
    }
    return true;
  },
};

/** `executeServerCommand('read-source', {path})`: the text of a file under widget/src, for tests of JSDoc headers. */
const sourcePlugin = {
  name: 'porch-source',
  executeCommand({ command, payload }) {
    if (command !== 'read-source') return undefined;
    const root = resolve('widget/src');
    const file = resolve(root, payload.path);
    if (!file.startsWith(root + sep)) throw new Error(`read-source: ${payload.path} is outside widget/src`);
    return readFile(file, 'utf8');
  },
};

export default {
  // The first-view file blocks the API through the DevTools protocol; the portals of the files after it in the same
  // browser then never finished loading, so it runs in a browser of its own (`npm run test:widget`).
  files: ['widget/src/**/*.test.ts', '!widget/src/elements/portal/portal.first-view.test.ts'],
  nodeResolve: true,
  port: PORT,
  concurrency: 1,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--headless',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  middleware: [fixtureProxy, consoleApiProxy],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'widget/tsconfig.json' }),
    networkPlugin,
    visibilityPlugin,
    sourcePlugin,
    { name: 'porch-fixture-server', serverStop: () => void fixtures.child.kill('SIGTERM') },
  ],
  testFramework: { config: { timeout: 10_000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
};
