import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createApp } from './app';
import { freshDatabase } from './testing/database';
import { systemClock } from './lib/clock';
import { WIDGET_DIR } from './server';
import { TEST_SECRET_BOX } from './testing/secret';

// Needs the built widget: `npm test` builds first (so does .ci/run).
let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: ReturnType<typeof createApp>;
before(async () => {
  db = await freshDatabase();
  app = createApp({ secretBox: TEST_SECRET_BOX, sql: db.appSql, clock: systemClock, widgetDir: WIDGET_DIR });
});
after(() => db.close());

const chunks = () => readdirSync(join(WIDGET_DIR, 'chunks'));

describe('/widget/', () => {
  it('serves the entry with a short cache and hashed chunks as immutable, to any page', async () => {
    const entry = await app.request('/widget/porchlight.js');
    assert.equal(entry.status, 200);
    assert.match(entry.headers.get('content-type') ?? '', /javascript/);
    assert.equal(entry.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(entry.headers.get('access-control-allow-origin'), '*');
    assert.equal(entry.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const chunk = await app.request(`/widget/chunks/${chunks()[0]}`);
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await app.request('/widget/porchlight.iife.js')).status, 200);
  });

  it('serves the scripts gzipped to a browser that accepts it, and plain to one that does not', async () => {
    const path = `chunks/${chunks().find((name) => name.startsWith('porch-element'))}`;
    const file = readFileSync(join(WIDGET_DIR, path));
    const zipped = await app.request(`/widget/${path}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    const body = Buffer.from(await zipped.arrayBuffer());
    assert.ok(body.length < file.length / 2, `${body.length} bytes for ${file.length}`);
    assert.deepEqual(gunzipSync(body), file);
    const plain = await app.request(`/widget/${path}`);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.deepEqual(Buffer.from(await plain.arrayBuffer()), file);
  });

  it('answers 404 for files that do not exist and never serves outside dist', async () => {
    for (const path of ['/widget/nope.js', '/widget/../package.json', '/widget/%2e%2e/package.json']) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
    }
  });

  it('ships no server code: no zod, hono, postgres or jose in any bundle', () => {
    const files = ['porchlight.js', 'porchlight.iife.js', ...chunks().map((c) => `chunks/${c}`)];
    for (const file of files) {
      const code = readFileSync(join(WIDGET_DIR, file), 'utf8');
      for (const marker of ['ZodError', 'zod', 'HTTPException', 'postgres', 'SignJWT', 'jwtVerify']) {
        assert.ok(!code.includes(marker), `${file} contains ${marker}`);
      }
    }
  });
});

describe('/admin', () => {
  it('serves the console shell and its own bundle with a strict CSP and nosniff', async () => {
    for (const path of ['/admin', '/admin/console.js']) {
      const response = await app.request(path);
      assert.equal(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
    const shell = await (await app.request('/admin')).text();
    assert.match(shell, /<script type="module" src="\/admin\/console.js"><\/script>/);
    assert.match(shell, /<porch-console>/);
    // The customer widget's entry never loads the console.
    assert.doesNotMatch(readFileSync(join(WIDGET_DIR, 'porchlight.js'), 'utf8'), /porch-console/);
    assert.match((await app.request('/admin/console.js')).headers.get('content-type') ?? '', /javascript/);
  });
});
