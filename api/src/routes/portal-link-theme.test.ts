import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const theme = { colorPrimary: '#be123c', radius: '4px' };
const redeem = (token: string) => h.call('POST', '/v1/portal/session', { body: { token } });

describe('POST /v1/portal/session: the error of a link that works no more carries the company’s look', () => {
  it('a revoked or expired ticket link answers LINK_EXPIRED with its ticket profile’s theme; an unknown token none', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'Red', theme } });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    const ticket = await h.createTicket(h.a, { profileId: profile.body.id });
    const link = await h.linkFor(h.a, ticket.id);
    const open = await redeem(link.token);
    assert.equal(open.status, 200);
    assert.deepEqual(open.body.me.profile.theme, theme, 'the same look as an open portal');

    const revoked = await h.call('DELETE', `/v1/admin/tickets/${ticket.id}/links/${link.id}`, { auth: h.a.apiKey });
    assert.equal(revoked.status, 200);
    const expired = await redeem(link.token);
    assert.equal(expired.status, 410);
    assert.equal(expired.body.error.code, 'LINK_EXPIRED');
    assert.deepEqual(expired.body.error.theme, theme);
    assert.deepEqual(Object.keys(expired.body.error).sort(), ['code', 'message', 'requestId', 'theme']);

    const unknown = await redeem('A'.repeat(43));
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error.code, 'LINK_INVALID');
    assert.equal(unknown.body.error.theme, undefined, 'nothing for a token that was never a link');
  });

  it('a ticket of another profile answers its own profile’s look (the default profile’s, here none)', async () => {
    const ticket = await h.createTicket(h.a);
    const link = await h.linkFor(h.a, ticket.id);
    await h.call('DELETE', `/v1/admin/tickets/${ticket.id}/links/${link.id}`, { auth: h.a.apiKey });
    const expired = await redeem(link.token);
    assert.equal(expired.status, 410);
    assert.deepEqual(expired.body.error.theme, {});
  });
});
