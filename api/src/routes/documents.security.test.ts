import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { sample, storedCounts, ticketWithDocuments, upload } from '../testing/documents';
import { ORIGIN_B, startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const png = () => ({ name: 'photo.png', bytes: sample('png', 4096) });
const get = (path: string, auth: string, origin?: string) => h.call('GET', path, { auth, origin });

describe('documents: security', () => {
  it('answers 404 for another tenant’s or another customer’s ticket and document, writing nothing', async () => {
    const mine = await ticketWithDocuments(h, h.a);
    const sameTenant = await ticketWithDocuments(h, h.a);
    const otherTenant = await ticketWithDocuments(h, h.b);
    const theirs = await upload(h, sameTenant.ticket.id, png(), { session: sameTenant.session, tenant: h.a });
    const foreign = await upload(h, otherTenant.ticket.id, png(), { session: otherTenant.session, tenant: h.b });
    assert.equal(theirs.status, 201);
    assert.equal(foreign.status, 201);
    const before = await storedCounts(h);
    const own = (path: string) => get(path, mine.session, h.a.origin);

    for (const other of [sameTenant, otherTenant]) {
      const list = await own(`/v1/portal/tickets/${other.ticket.id}/documents`);
      assert.equal(list.status, 404);
      const write = await upload(h, other.ticket.id, png(), { session: mine.session, tenant: h.a });
      assert.equal(write.status, 404);
      assert.equal(write.body.error.code, 'NOT_FOUND');
    }
    // Their document ids, under their ticket and under my own.
    for (const [ticketId, docId] of [
      [sameTenant.ticket.id, theirs.body.id],
      [otherTenant.ticket.id, foreign.body.id],
      [mine.ticket.id, theirs.body.id],
      [mine.ticket.id, foreign.body.id],
    ]) {
      const res = await own(`/v1/portal/tickets/${ticketId}/documents/${docId}`);
      assert.equal(res.status, 404, `${ticketId}/${docId}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    // The admin API of tenant A cannot reach tenant B's ticket or document either.
    const adminList = await get(`/v1/admin/tickets/${otherTenant.ticket.id}/documents`, h.a.apiKey);
    assert.equal(adminList.status, 404);
    const adminDoc = await get(`/v1/admin/tickets/${otherTenant.ticket.id}/documents/${foreign.body.id}`, h.a.apiKey);
    assert.equal(adminDoc.status, 404);
    const adminWrite = await upload(h, otherTenant.ticket.id, png(), { apiKey: h.a.apiKey });
    assert.equal(adminWrite.status, 404);
    assert.deepEqual(await storedCounts(h), before);

    const ownWrite = await upload(h, mine.ticket.id, png(), { session: mine.session, tenant: h.a });
    assert.equal(ownWrite.status, 201, 'positive control');
    assert.equal((await own(`/v1/portal/tickets/${mine.ticket.id}/documents/${ownWrite.body.id}`)).status, 200);
  });

  it('answers 401 without a session or API key, and with an expired session', async () => {
    const { ticket, session } = await ticketWithDocuments(h, h.a);
    const before = await storedCounts(h);
    for (const scope of ['portal', 'admin']) {
      const path = `/v1/${scope}/tickets/${ticket.id}/documents`;
      assert.equal((await h.call('GET', path, { origin: h.a.origin })).status, 401);
      const write = await h.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', origin: h.a.origin },
        body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n',
      });
      assert.equal(write.status, 401);
    }
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    try {
      const res = await upload(h, ticket.id, png(), { session, tenant: h.a });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'SESSION_EXPIRED');
    } finally {
      h.clock.set(start);
    }
    assert.deepEqual(await storedCounts(h), before);
  });

  it('answers 403 without the comments scope, and when the job’s profile does not offer messages', async () => {
    const { ticket } = await ticketWithDocuments(h, h.a);
    const trackOnly = await h.sessionWithScopes(h.a, ticket, ['track', 'book']);
    const plain = await h.createTicket(h.a);
    const plainSession = await h.sessionWithScopes(h.a, plain, ['track', 'comments']);
    const before = await storedCounts(h);
    for (const [session, ticketId] of [
      [trackOnly, ticket.id],
      [plainSession, plain.id],
    ]) {
      const list = await get(`/v1/portal/tickets/${ticketId}/documents`, session!, h.a.origin);
      assert.equal(list.status, 403);
      assert.equal(list.body.error.code, 'SCOPE_REQUIRED');
      const write = await upload(h, ticketId!, png(), { session: session!, tenant: h.a });
      assert.equal(write.status, 403);
    }
    assert.deepEqual(await storedCounts(h), before);
  });

  it('refuses hostile input with 4xx and writes nothing', async () => {
    const { ticket, session } = await ticketWithDocuments(h, h.a);
    const before = await storedCounts(h);
    const path = `/v1/portal/tickets/${ticket.id}/documents`;
    const post = (headers: Record<string, string>, body: string | Uint8Array) =>
      h.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, origin: h.a.origin, ...headers },
        body,
      });
    const cases: [Record<string, string>, string | Uint8Array, number][] = [
      [{ 'content-type': 'multipart/form-data' }, 'no boundary', 415],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nnot a header\r\n\r\nzz', 400],
      [
        { 'content-type': 'multipart/form-data; boundary=x' },
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
        400,
      ],
      [{ 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(100 * 1024 * 1024) }, '', 413],
      [{ 'content-type': 'text/plain' }, 'hello', 415],
      [{ 'content-type': 'application/json' }, '{"file":"x"}', 415],
    ];
    for (const [headers, body, status] of cases) {
      const res = await post(headers, body);
      assert.equal(
        res.status,
        status,
        `${JSON.stringify(headers)} ${JSON.stringify(body).slice(0, 60)}: ${await res.text()}`,
      );
    }
    for (const bad of ['not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      const res = await get(`/v1/portal/tickets/${ticket.id}/documents/${bad}`, session, h.a.origin);
      assert.ok(res.status === 400 || res.status === 404, `${bad}: ${res.status}`);
    }
    assert.deepEqual(await storedCounts(h), before);
  });

  it('grants CORS to the tenant’s own origin only', async () => {
    const { ticket, session } = await ticketWithDocuments(h, h.a);
    const path = `/v1/portal/tickets/${ticket.id}/documents`;
    const own = await get(path, session, h.a.origin);
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), h.a.origin);
    for (const origin of [ORIGIN_B, 'null', `${h.a.origin}.evil.example`]) {
      const res = await get(path, session, origin);
      assert.equal(res.status, 403, origin);
      assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
    }
  });
});
