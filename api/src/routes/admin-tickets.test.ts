import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MAX_BODY_BYTES } from '../middleware/body';
import { sampleTicket, startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const countTickets = async () => Number((await h.db.sql`select count(*)::int as n from tickets`)[0]!.n);

describe('POST /v1/admin/tickets', () => {
  it('creates a ticket with customer, location and a "received" event', async () => {
    const res = await h.call('POST', '/v1/admin/tickets', {
      auth: h.a.apiKey,
      body: { ...sampleTicket(), externalRef: 'T-1001', skills: ['laser'] },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.status, 'received');
    assert.equal(res.body.externalRef, 'T-1001');
    assert.deepEqual(res.body.skills, ['laser']);
    assert.equal(res.body.location.timezone, 'Europe/Berlin');
    assert.equal(res.body.customer.email, 'dana@example.com');
    assert.equal(res.body.events.length, 1);
    assert.equal(res.body.events[0].status, 'received');
    const read = await h.call('GET', `/v1/admin/tickets/${res.body.id}`, { auth: h.a.apiKey });
    assert.deepEqual(read.body, res.body);
  });

  it('stamps a new ticket with the app clock, so "received" precedes the scheduling that follows it', async () => {
    const received = h.clock.now().toISOString();
    const created = await h.call('POST', '/v1/admin/tickets', { auth: h.a.apiKey, body: sampleTicket() });
    assert.equal(created.body.createdAt, received);
    assert.equal(created.body.updatedAt, received);
    assert.equal(created.body.events[0].occurredAt, received);
    h.clock.advance(60_000);
    const scheduling = await h.call('POST', `/v1/admin/tickets/${created.body.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'scheduling' },
    });
    assert.equal(scheduling.status, 201);
    const session = await h.sessionFor(h.a, created.body.id);
    const timeline = await h.call('GET', `/v1/portal/tickets/${created.body.id}`, { auth: session });
    const at = (status: string) => timeline.body.steps.find((s: { status: string }) => s.status === status).at;
    assert.equal(at('received'), received);
    assert.ok(Date.parse(at('received')) < Date.parse(at('scheduling')), `${at('received')} < ${at('scheduling')}`);
  });

  it('rejects unknown fields, wrong types and unknown time zones with field paths, writing nothing', async () => {
    const before = await countTickets();
    const cases: [unknown, string][] = [
      [{ ...sampleTicket(), surprise: 1 }, 'json'],
      [{ ...sampleTicket(), title: 42 }, 'json.title'],
      [
        { ...sampleTicket(), location: { ...sampleTicket().location, timezone: 'Mars/Olympus' } },
        'json.location.timezone',
      ],
      [{ ...sampleTicket(), customer: { name: 'X', email: 'not-an-email' } }, 'json.customer.email'],
    ];
    for (const [body, path] of cases) {
      const res = await h.call('POST', '/v1/admin/tickets', { auth: h.a.apiKey, body });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        `expected an issue at ${path}: ${JSON.stringify(res.body.error.issues)}`,
      );
      assert.ok(res.body.error.requestId);
    }
    assert.equal(await countTickets(), before);
  });

  it('answers 400 MALFORMED_JSON, 415 and 413 before anything runs', async () => {
    const before = await countTickets();
    const malformed = await h.call('POST', '/v1/admin/tickets', { auth: h.a.apiKey, body: '{"title": ' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'MALFORMED_JSON');
    const wrongType = await h.call('POST', '/v1/admin/tickets', {
      auth: h.a.apiKey,
      body: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
    const huge = await h.call('POST', '/v1/admin/tickets', {
      auth: h.a.apiKey,
      body: { ...sampleTicket(), description: 'x'.repeat(MAX_BODY_BYTES) },
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await countTickets(), before);
  });
});

describe('PATCH /v1/admin/tickets/:id', () => {
  it('changes only the fields sent', async () => {
    const ticket = await h.createTicket(h.a);
    const res = await h.call('PATCH', `/v1/admin/tickets/${ticket.id}`, {
      auth: h.a.apiKey,
      body: { title: 'Toner smears' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.title, 'Toner smears');
    assert.equal(res.body.description, ticket.description);
  });

  it('rejects an empty patch', async () => {
    const ticket = await h.createTicket(h.a);
    const res = await h.call('PATCH', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey, body: {} });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  });
});

describe('POST /v1/admin/tickets/:id/events', () => {
  it('moves forward through the statuses with technician and ETA', async () => {
    const ticket = await h.createTicket(h.a);
    const eta = { from: '2026-11-23T13:00:00+01:00', to: '2026-11-23T14:00:00+01:00' };
    const res = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'on_route', technician: { firstName: 'Sam' }, eta },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.status, 'on_route');
    assert.deepEqual(res.body.technician, { firstName: 'Sam' });
    assert.deepEqual(res.body.eta, { from: '2026-11-23T12:00:00.000Z', to: '2026-11-23T13:00:00.000Z' });
    const onsite = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'onsite' },
    });
    assert.equal(onsite.body.eta, null, 'the ETA is cleared once the technician arrives');
    assert.deepEqual(onsite.body.technician, { firstName: 'Sam' });
    assert.deepEqual(
      onsite.body.events.map((e: { status: string }) => e.status),
      ['received', 'on_route', 'onsite'],
    );
  });

  it('refuses to go backwards (409 STATUS_OUT_OF_ORDER) and to change a closed ticket (409 TICKET_CLOSED)', async () => {
    const ticket = await h.createTicket(h.a);
    await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, { auth: h.a.apiKey, body: { status: 'dispatched' } });
    const back = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'scheduling' },
    });
    assert.equal(back.status, 409);
    assert.equal(back.body.error.code, 'STATUS_OUT_OF_ORDER');
    await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, { auth: h.a.apiKey, body: { status: 'closed' } });
    const after = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'closed' },
    });
    assert.equal(after.status, 409);
    assert.equal(after.body.error.code, 'TICKET_CLOSED');
    const read = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.deepEqual(
      read.body.events.map((e: { status: string }) => e.status),
      ['received', 'dispatched', 'closed'],
    );
  });

  it('rejects unknown statuses, inverted ETA windows and an ETA after arrival', async () => {
    const ticket = await h.createTicket(h.a);
    const bad = [
      { status: 'teleported' },
      { status: 'on_route', eta: { from: '2026-11-23T14:00:00Z', to: '2026-11-23T13:00:00Z' } },
      { status: 'onsite', eta: { from: '2026-11-23T13:00:00Z', to: '2026-11-23T14:00:00Z' } },
    ];
    for (const body of bad) {
      const res = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, { auth: h.a.apiKey, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    const read = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.equal(read.body.events.length, 1);
  });
});

describe('POST /v1/admin/tickets/:id/links', () => {
  it('returns a URL on the tenant portal page with the token in the fragment, storing only its hash', async () => {
    const ticket = await h.createTicket(h.a);
    const link = await h.linkFor(h.a, ticket.id);
    assert.match(link.token, /^[A-Za-z0-9_-]{43}$/, '256-bit base64url token');
    assert.equal(link.url, `${h.a.origin}#porch=${link.token}`);
    assert.ok(Date.parse(link.expiresAt) > h.clock.now().getTime());
    const stored = await h.db.sql`select token_hash from ticket_links where ticket_id = ${ticket.id}`;
    assert.deepEqual(
      stored.map((row) => Buffer.from(row.token_hash).toString('hex')),
      [createHash('sha256').update(link.token).digest('hex')],
      'one row, holding the SHA-256 of the token',
    );
    const [columns] = await h.db.sql`select count(*)::int as n from information_schema.columns
      where table_schema = current_schema() and table_name = 'ticket_links' and column_name like '%token%' and column_name <> 'token_hash'`;
    assert.equal(columns!.n, 0, 'no column for the token itself');
  });

  it('takes the scopes from the mode', async () => {
    const ticket = await h.createTicket(h.a);
    const { token } = await h.linkFor(h.a, ticket.id, 'tracking+booking');
    const res = await h.call('POST', '/v1/portal/session', { body: { token } });
    assert.deepEqual(res.body.scopes, ['track', 'book']);
  });
});

describe('GET /v1/admin/tickets', () => {
  const list = (query: string) => h.call('GET', `/v1/admin/tickets?${query}`, { auth: h.a.apiKey });
  const marker = `Kettle${Date.now()}`;
  const created: string[] = [];
  const scheduling: string[] = [];
  before(async () => {
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      const ticket = await h.createTicket(h.a, { title: `${marker} ${i}` });
      created.push(ticket.id);
      if (i % 2) {
        await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
          auth: h.a.apiKey,
          body: { status: 'scheduling' },
        });
        scheduling.push(ticket.id);
      }
    }
  });

  it('filters by status, combined with a search', async () => {
    const res = await list(`q=${marker}&status=scheduling`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((t: { id: string }) => t.id).sort(), [...scheduling].sort());
    assert.equal(res.body.nextCursor, null);
    const both = await list(`q=${marker}&status=received,scheduling`);
    assert.equal(both.body.items.length, 5, 'a list of statuses is any of them');
  });

  it('pages newest first with a cursor, each ticket once, and the last page says so', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`q=${marker}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.items.length <= 2);
      seen.push(...res.body.items.map((t: { id: string }) => t.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...created].reverse());
  });

  it('answers 400 for a bad status, limit, term or cursor, or a cursor of another query', async () => {
    const first = await list(`q=${marker}&limit=2`);
    assert.ok(first.body.nextCursor, 'positive control: a cursor to reuse');
    const cases: [string, string][] = [
      ['status=bogus', 'VALIDATION_FAILED'],
      ['status=received,,closed', 'VALIDATION_FAILED'],
      ['limit=0', 'VALIDATION_FAILED'],
      ['limit=201', 'VALIDATION_FAILED'],
      ['q=a', 'SEARCH_TERM_INVALID'],
      ['cursor=not-a-cursor', 'CURSOR_INVALID'],
      [`cursor=${'x'.repeat(513)}`, 'VALIDATION_FAILED'],
      [`q=${marker}&limit=2&status=received&cursor=${first.body.nextCursor}`, 'CURSOR_INVALID'],
    ];
    for (const [query, code] of cases) {
      const res = await list(query);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, code, query);
      assert.ok(res.body.error.requestId);
    }
  });
});
