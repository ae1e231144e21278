import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp } from './app';
import { openDatabase } from './db/open';
import { systemClock } from './lib/clock';
import type { ErrorEnvelope } from './schemas/contract/errors';
import { startHarness, type Harness } from './testing/harness';
import { TEST_SECRET_BOX } from './testing/secret';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('app', () => {
  it('serves a valid OpenAPI 3.1 document covering every route', async () => {
    const res = await h.call('GET', '/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const result = await new Validator().validate(res.body);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    for (const path of [
      '/v1/admin/tickets',
      '/v1/admin/tickets/{id}',
      '/v1/admin/tickets/{id}/events',
      '/v1/admin/tickets/{id}/links',
      '/v1/admin/settings',
      '/v1/admin/profiles',
      '/v1/admin/profiles/{id}',
      '/v1/admin/projects',
      '/v1/portal/session',
      '/v1/portal/me',
      '/v1/portal/tickets/{id}',
    ]) {
      assert.ok(res.body.paths[path], `missing ${path}`);
    }
  });

  it('puts a request id and secure headers on every response, including errors', async () => {
    for (const path of ['/healthz', '/v1/nowhere', '/v1/admin/settings']) {
      const res = await h.call('GET', path);
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(res.headers.get('strict-transport-security'));
      assert.equal(res.headers.get('vary'), 'Origin');
    }
    const missing = await h.call('GET', '/v1/nowhere');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    assert.equal(missing.body.error.requestId, missing.headers.get('x-request-id'));
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database is down, and recovers by itself', async () => {
    // Its own embedded database, so stopping it cannot disturb the rest of the suite.
    const db = await openDatabase({ poolSize: 2 });
    try {
      const app = createApp({ secretBox: TEST_SECRET_BOX, sql: db.appSql, clock: systemClock });
      assert.equal((await app.request('/readyz')).status, 200);
      const port = Number(new URL(db.url).port);
      await db.embedded!.stopListening();
      const down = await app.request('/readyz');
      assert.equal(down.status, 503);
      assert.equal(down.headers.get('retry-after'), '5');
      assert.equal(((await down.json()) as ErrorEnvelope).error.code, 'DATABASE_UNAVAILABLE');
      const downAdmin = await app.request('/v1/admin/settings', { headers: { authorization: 'Bearer porch_sk_x' } });
      assert.equal(downAdmin.status, 503);
      await db.embedded!.listen(port);
      assert.equal((await app.request('/readyz')).status, 200);
    } finally {
      await db.close();
    }
  });
});
