import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const customer = (name: string, email: string | undefined, phone: string | undefined, externalRef?: string) => ({
  customer: { name, email, phone, externalRef },
});
const list = (query = '') => h.call('GET', `/v1/admin/customers${query}`, { auth: h.a.apiKey });
const detail = (id: string) => h.call('GET', `/v1/admin/customers/${id}`, { auth: h.a.apiKey });
const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((c) => c.name);

describe('admin customers', () => {
  let zoe: { id: string; customer: { id: string } };

  before(async () => {
    await h.createTicket(h.a, customer('Bruno Adler', 'bruno@adler.example', '+49 30 555 0101'));
    await h.createTicket(h.a, customer('anna Berg', 'anna@berg.example', undefined));
    await h.createTicket(h.a, customer('Carla Diaz', undefined, '030 777 8899'));
    zoe = await h.createTicket(h.a, {
      ...customer('Zoë Quast', 'zoe@quast.example', undefined, 'crm-zoe'),
      title: 'Boiler',
    });
    await h.createTicket(h.a, {
      ...customer('Zoë Quast', 'zoe@quast.example', undefined, 'crm-zoe'),
      title: 'Heater',
      location: { line1: 'Ringstr. 9', city: 'Potsdam', postalCode: '14467', country: 'DE', timezone: 'Europe/Berlin' },
    });
  });

  it('lists customers by name, case-insensitively, with their tickets and portal access', async () => {
    const res = await list();
    assert.equal(res.status, 200);
    assert.deepEqual(names(res), ['Bruno Adler', 'anna Berg', 'Carla Diaz', 'Zoë Quast'].sort(byLower));
    const quast = res.body.items.find((c: { name: string }) => c.name === 'Zoë Quast');
    assert.deepEqual(
      { ...quast, id: undefined },
      {
        id: undefined,
        name: 'Zoë Quast',
        email: 'zoe@quast.example',
        phone: null,
        externalRef: 'crm-zoe',
        tickets: 2,
        openTickets: 2,
        signedInDevices: 0,
        lastSignInAt: null,
      },
    );
    assert.equal(res.body.nextCursor, null);
  });

  it('searches name, e-mail and phone; a phone by its digits alone', async () => {
    assert.deepEqual(names(await list('?q=BERG')), ['anna Berg']);
    assert.deepEqual(names(await list('?q=adler.exa')), ['Bruno Adler']);
    assert.deepEqual(names(await list('?q=777%208899')), ['Carla Diaz']);
    assert.deepEqual(names(await list('?q=305550101')), ['Bruno Adler']);
    assert.deepEqual(names(await list('?q=%25%25%25')), [], 'LIKE wildcards are literal');
    assert.deepEqual(names(await list('?q=nobody-here')), []);
  });

  it('pages with a cursor bound to the query, each customer once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.items.length, 1);
      seen.push(res.body.items[0].name);
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, names(await list()));
    const first = await list('?limit=1');
    const reused = await list(`?limit=1&q=anna&cursor=${first.body.nextCursor}`);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error.code, 'CURSOR_INVALID');
  });

  it('answers one customer with contact data, addresses, tickets with status and portal access', async () => {
    await h.call('POST', `/v1/admin/tickets/${zoe.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'scheduling' },
    });
    const res = await detail(zoe.customer.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, 'Zoë Quast');
    assert.equal(res.body.email, 'zoe@quast.example');
    assert.deepEqual(
      res.body.locations.map((l: { city: string }) => l.city),
      ['Berlin', 'Potsdam'],
    );
    assert.deepEqual(res.body.tickets.map((t: { title: string; status: string }) => [t.title, t.status]).sort(), [
      ['Boiler', 'scheduling'],
      ['Heater', 'received'],
    ]);
    const located = res.body.tickets.find((t: { title: string }) => t.title === 'Heater');
    assert.equal(res.body.locations.find((l: { id: string }) => l.id === located.locationId).city, 'Potsdam');
    assert.deepEqual([res.body.devices, res.body.lastSignInAt], [[], null]);
  });

  it('shows a remembered device and the last sign-in; a revoked device leaves the list', async () => {
    h.clock.advance(60_000);
    const link = await h.call('POST', `/v1/admin/customers/${zoe.customer.id}/login-links`, { auth: h.a.apiKey });
    const redeemed = await h.call('POST', '/v1/portal/session', {
      body: { token: link.body.token, remember: true },
      origin: h.a.origin,
    });
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
    const signedIn = await detail(zoe.customer.id);
    assert.equal(signedIn.body.devices.length, 1);
    assert.equal(signedIn.body.devices[0].customerId, zoe.customer.id);
    assert.equal(Date.parse(signedIn.body.lastSignInAt), h.clock.now().getTime());
    const listed = (await list('?q=quast')).body.items[0];
    assert.deepEqual([listed.signedInDevices, Date.parse(listed.lastSignInAt)], [1, h.clock.now().getTime()]);

    const revoked = await h.call(
      'DELETE',
      `/v1/admin/customers/${zoe.customer.id}/devices/${signedIn.body.devices[0].id}`,
      {
        auth: h.a.apiKey,
      },
    );
    assert.equal(revoked.status, 204);
    const after = await detail(zoe.customer.id);
    assert.deepEqual(after.body.devices, []);
    assert.equal(Date.parse(after.body.lastSignInAt), h.clock.now().getTime(), 'the sign-in still happened');
    assert.equal((await list('?q=quast')).body.items[0].signedInDevices, 0);
  });
});

function byLower(a: string, b: string) {
  return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
}
