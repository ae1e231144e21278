import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { createComment } from '../db/comments';
import { sampleTicket, startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const comments = (ticketId: string, session: string) =>
  h.call('GET', `/v1/portal/tickets/${ticketId}/comments`, { auth: session, origin: h.a.origin });
const info = (ticketId: string, body: string, at: Date) =>
  withTenant(h.db.sql, h.a.tenantId, (tx) =>
    createComment(tx, h.a.tenantId, { ticketId, author: 'company', body, at }),
  );

describe('GET /v1/portal/tickets/:id/comments', () => {
  it('lists the ticket’s comments oldest first, as {id, author, body, createdAt}', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const empty = await comments(ticket.id, session);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { timezone: 'Europe/Berlin', items: [] });
    const now = h.clock.now();
    await info(ticket.id, 'Later', new Date(now.getTime() + 1000));
    await info(ticket.id, 'Earlier\nwith a line break', now);
    const res = await comments(ticket.id, session);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((c: { body: string }) => c.body),
      ['Earlier\nwith a line break', 'Later'],
    );
    assert.deepEqual(Object.keys(res.body.items[0]).sort(), ['author', 'body', 'createdAt', 'id']);
    assert.equal(res.body.items[0].author, 'company');
    assert.equal(res.body.items[0].createdAt, now.toISOString());
  });

  it('names the zone of the ticket’s site, in which the portal shows the times', async () => {
    const ticket = await h.createTicket(h.a, {
      location: {
        ...sampleTicket().location,
        city: 'London',
        country: 'GB',
        postalCode: 'EC1A 1BB',
        timezone: 'Europe/London',
      },
    });
    const res = await comments(ticket.id, await h.sessionFor(h.a, ticket.id));
    assert.equal(res.status, 200);
    assert.equal(res.body.timezone, 'Europe/London');
  });

  it('a customer-wide session (login link) reads its customer’s tickets, 404 for another customer’s', async () => {
    const customer = { ...sampleTicket().customer, externalRef: 'comments-cust' };
    const first = await h.createTicket(h.a, { customer });
    const second = await h.createTicket(h.a, { title: 'Toner smears', customer });
    const stranger = await h.createTicket(h.a);
    await info(second.id, 'Parts ordered', h.clock.now());
    const link = await h.call('POST', `/v1/admin/customers/${first.customer.id}/login-links`, { auth: h.a.apiKey });
    const redeemed = await h.call('POST', '/v1/portal/session', {
      body: { token: link.body.token },
      origin: h.a.origin,
    });
    const session = redeemed.body.session as string;
    assert.deepEqual((await comments(first.id, session)).body, { timezone: 'Europe/Berlin', items: [] });
    assert.deepEqual(
      (await comments(second.id, session)).body.items.map((c: { body: string }) => c.body),
      ['Parts ordered'],
    );
    const refused = await comments(stranger.id, session);
    assert.equal(refused.status, 404);
    assert.equal(refused.body.error.code, 'NOT_FOUND');
  });
});

describe('the updates module', () => {
  it('a ticket link reads the company’s infos only while its profile offers updates; /me says which sections', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const profiles = await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey });
    const profile = profiles.body.items.find((p: { isDefault: boolean }) => p.isDefault);
    assert.ok(profile, 'the tenant has a default profile');
    const withModules = (modules: string[]) =>
      h.call('PATCH', `/v1/admin/profiles/${profile.id}`, { auth: h.a.apiKey, body: { modules } });
    const sections = async () => (await h.call('GET', '/v1/portal/me', { auth: session })).body.sections;

    assert.equal((await comments(ticket.id, session)).status, 200, 'positive control: with updates');
    assert.ok((await sections()).includes('updates'));
    assert.equal((await withModules(['status', 'share'])).status, 200);
    try {
      const refused = await comments(ticket.id, session);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'SCOPE_REQUIRED');
      assert.deepEqual(await sections(), ['status', 'share']);
    } finally {
      await withModules(profile.modules);
    }
    assert.equal((await comments(ticket.id, session)).status, 200, 'and again once the profile offers it');
  });
});
