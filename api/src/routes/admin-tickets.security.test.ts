import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleTicket, startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('admin tickets: security', () => {
  it('needs an API key (401 UNAUTHENTICATED) and a valid one (401 API_KEY_INVALID)', async () => {
    const none = await h.call('GET', '/v1/admin/settings');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHENTICATED');
    const wrong = await h.call('GET', '/v1/admin/settings', { auth: 'porch_sk_not-a-real-key' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'API_KEY_INVALID');
  });

  it('answers 404 for every route on another tenant’s ticket and changes nothing', async () => {
    const ticket = await h.createTicket(h.a);
    const link = await h.linkFor(h.a, ticket.id);
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/admin/tickets/${ticket.id}`],
      ['PATCH', `/v1/admin/tickets/${ticket.id}`, { title: 'hijacked' }],
      ['POST', `/v1/admin/tickets/${ticket.id}/events`, { status: 'closed' }],
      ['POST', `/v1/admin/tickets/${ticket.id}/links`, { kind: 'ticket' }],
      ['GET', `/v1/admin/tickets/${ticket.id}/links`],
      ['DELETE', `/v1/admin/tickets/${ticket.id}/links/${link.id}`],
      ['GET', `/v1/admin/tickets/${ticket.id}/messages`],
    ];
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { auth: h.b.apiKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
      assert.ok(!JSON.stringify(res.body).includes(ticket.title));
    }
    const read = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.equal(read.body.title, ticket.title);
    assert.equal(read.body.status, 'received');
    const links = await h.db.sql`select revoked_at from ticket_links where ticket_id = ${ticket.id}`;
    assert.deepEqual([...links], [{ revoked_at: null }], 'only the own link, still live');
  });

  it('lists only the caller’s own tickets', async () => {
    const mine = await h.createTicket(h.b, { title: 'Boiler service B' });
    const list = await h.call('GET', '/v1/admin/tickets', { auth: h.b.apiKey });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((t: { id: string }) => t.id === mine.id));
    assert.ok(list.body.items.every((t: { title: string }) => t.title === 'Boiler service B'));
    const filtered = await h.call('GET', '/v1/admin/tickets?status=received&q=Printer', { auth: h.b.apiKey });
    assert.equal(filtered.status, 200);
    assert.deepEqual(filtered.body.items, [], 'A’s printer tickets stay A’s under a filter too');
  });

  it('refuses a list cursor made for another tenant (400 CURSOR_INVALID)', async () => {
    await h.createTicket(h.a);
    await h.createTicket(h.a);
    const page = await h.call('GET', '/v1/admin/tickets?limit=1', { auth: h.a.apiKey });
    assert.ok(page.body.nextCursor, 'positive control: A continues its own list');
    const own = await h.call('GET', `/v1/admin/tickets?limit=1&cursor=${page.body.nextCursor}`, { auth: h.a.apiKey });
    assert.equal(own.status, 200);
    const foreign = await h.call('GET', `/v1/admin/tickets?limit=1&cursor=${page.body.nextCursor}`, {
      auth: h.b.apiKey,
    });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error.code, 'CURSOR_INVALID');
  });

  it('cannot attach another tenant’s profile to its ticket', async () => {
    const profiles = await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey });
    const foreign = profiles.body.items[0].id;
    const res = await h.call('POST', '/v1/admin/tickets', {
      auth: h.b.apiKey,
      body: { ...sampleTicket(), profileId: foreign },
    });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'NOT_FOUND');
  });

  it('stores API keys only as hashes', async () => {
    const rows = await h.db.sql`select key_hash from api_keys`;
    assert.ok(rows.length >= 2 && rows.every((row) => row.key_hash.length === 32));
    const dump = JSON.stringify(await h.db.sql`select * from api_keys`);
    assert.ok(!dump.includes(h.a.apiKey) && !dump.includes(h.b.apiKey));
  });

  it('sends no CORS grant to browsers on admin routes', async () => {
    const res = await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey, origin: h.a.origin });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal(res.headers.get('vary'), 'Origin');
  });
});
