import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const redeem = (token: string) => h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin });

describe('the first view: one answer opens the portal', () => {
  it('a ticket link’s redeem carries what GET /me and GET /tickets/:id answer, and GET /me of that session carries the ticket', async () => {
    const ticket = await h.createTicket(h.a);
    await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'dispatched', technician: { firstName: 'Sam' } },
    });
    const { token } = await h.linkFor(h.a, ticket.id);
    const redeemed = await redeem(token);
    assert.equal(redeemed.status, 200);
    const { session, me, ticket: shown } = redeemed.body;

    const meRead = await h.call('GET', '/v1/portal/me', { auth: session, origin: h.a.origin });
    const ticketRead = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session, origin: h.a.origin });
    assert.equal(meRead.status, 200);
    assert.equal(ticketRead.status, 200);
    const { ticket: meTicket, ...meWithoutTicket } = meRead.body;
    assert.deepEqual(me, meWithoutTicket, 'the redeem’s me is /me’s answer');
    assert.equal(me.company.name, 'Acme Printer Repair');
    assert.deepEqual(shown, ticketRead.body, 'the redeem’s ticket is the ticket read');
    assert.equal(shown.status, 'dispatched');
    assert.equal(shown.technician.firstName, 'Sam');
    assert.deepEqual(meTicket, ticketRead.body, 'a restored session’s /me carries the ticket as well');
  });

  it('a customer-wide session (login link) gets me and no ticket; a session without the track scope gets no ticket', async () => {
    const ticket = await h.createTicket(h.a);
    const login = await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: h.a.apiKey });
    const redeemed = await redeem(login.body.token);
    assert.equal(redeemed.status, 200);
    assert.equal(redeemed.body.me.ticketId, null);
    assert.equal(redeemed.body.me.customer.name, ticket.customer.name);
    assert.equal('ticket' in redeemed.body, false);
    const me = await h.call('GET', '/v1/portal/me', { auth: redeemed.body.session });
    assert.equal('ticket' in me.body, false);

    const bookOnly = await h.sessionWithScopes(h.a, ticket, ['book']);
    const noTrack = await h.call('GET', '/v1/portal/me', { auth: bookOnly });
    assert.equal(noTrack.status, 200);
    assert.equal('ticket' in noTrack.body, false, 'no track scope, no timeline');
    // Positive control: the same ticket with track scope carries it.
    const track = await h.call('GET', '/v1/portal/me', { auth: await h.sessionWithScopes(h.a, ticket, ['track']) });
    assert.equal(track.body.ticket.id, ticket.id);
  });

  it('preflights may be cached by the browser (Access-Control-Max-Age)', async () => {
    const res = await h.call('OPTIONS', '/v1/portal/session', {
      origin: h.a.origin,
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(res.status, 204);
    assert.ok(Number(res.headers.get('access-control-max-age')) >= 600);
  });
});
