import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
