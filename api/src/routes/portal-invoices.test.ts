import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { withTenant } from '../db/client';
import { startHarness, type Harness } from '../testing/harness';

// A 1×1 PNG, served as the company's logo from a local server (the harness lets the guarded fetch reach loopback).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
let h: Harness;
let logoServer: Server;
let logoUrl: string;
before(async () => {
  h = await startHarness({ app: { outbound: { allowLoopbackForTests: true } } });
  logoServer = createServer((req, res) => {
    if (req.url === '/logo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  await new Promise<void>((resolve) => logoServer.listen(0, '127.0.0.1', resolve));
  logoUrl = `http://127.0.0.1:${(logoServer.address() as { port: number }).port}`;
});
after(async () => {
  await h.close();
  await new Promise((resolve) => logoServer.close(resolve));
});

/** A customer-wide session (login link) for the ticket's customer, as a sent invoice's mail opens. */
async function customerSession(customerId: string) {
  const link = await h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: h.a.apiKey });
  const res = await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: h.a.origin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.session as string;
}

async function sentInvoice(customerId: string, lines: unknown[], extra: Record<string, unknown> = {}) {
  const draft = await h.call('POST', '/v1/admin/invoices', {
    auth: h.a.apiKey,
    body: { customerId, currency: 'EUR', dueDate: '2026-12-07', lines, ...extra },
  });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const sent = await h.call('POST', `/v1/admin/invoices/${draft.body.id}/send`, { auth: h.a.apiKey });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  return draft.body;
}

const pdfOf = async (session: string, id: string) => {
  const res = await h.app.request(`/v1/portal/invoices/${id}/pdf`, {
    headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
  });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};

describe('portal invoices', () => {
  it('lists the customer’s sent invoices, never drafts, and reads one', async () => {
    const ticket = await h.createTicket(h.a);
    const sent = await sentInvoice(ticket.customer.id, [{ description: 'Repair', quantity: 1, unitPrice: 5000 }]);
    const draft = await h.call('POST', '/v1/admin/invoices', {
      auth: h.a.apiKey,
      body: {
        customerId: ticket.customer.id,
        currency: 'EUR',
        dueDate: '2026-12-07',
        lines: [{ description: 'x', quantity: 1, unitPrice: 1 }],
      },
    });
    const session = await customerSession(ticket.customer.id);
    const list = await h.call('GET', '/v1/portal/invoices', { auth: session, origin: h.a.origin });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((i: { id: string }) => i.id),
      [sent.id],
    );
    assert.equal(list.body.items[0].payable, false, 'no Stripe: nothing to pay online');
    assert.equal(list.body.items[0].customerId, undefined);
    const draftRead = await h.call('GET', `/v1/portal/invoices/${draft.body.id}`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.equal(draftRead.status, 404);
    const one = await h.call('GET', `/v1/portal/invoices/${sent.id}`, { auth: session, origin: h.a.origin });
    assert.equal(one.body.total, 5000);
  });

  it('streams a PDF whose text holds the company, every line, taxes per rate and the totals (A4 in Germany)', async () => {
    await h.call('PATCH', '/v1/admin/invoice-settings', {
      auth: h.a.apiKey,
      body: { address: 'Hauptstr. 1, 10115 Berlin', country: 'DE' },
    });
    const ticket = await h.createTicket(h.a);
    const lines = Array.from({ length: 50 }, (_, i) => ({
      description: `Part number ${i + 1}`,
      quantity: 1,
      unitPrice: 1000 + i,
      taxRate: [0, 7, 19][i % 3],
    }));
    const invoice = await sentInvoice(ticket.customer.id, lines);
    const session = await customerSession(ticket.customer.id);
    const { res, bytes } = await pdfOf(session, invoice.id);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-length'), null, 'streamed, not a buffered body of known length');
    const pdf = await getDocumentProxy(bytes);
    assert.ok(pdf.numPages >= 2, `${pdf.numPages} pages`);
    const [, , width, height] = (await pdf.getPage(1)).view;
    assert.deepEqual([Math.round(width!), Math.round(height!)], [595, 842]);
    const { text } = await extractText(pdf, { mergePages: true });
    const money = (minor: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(minor / 100);
    assert.match(text, /Acme Printer Repair/);
    assert.match(text, /Hauptstr\. 1, 10115 Berlin/);
    assert.match(text, new RegExp(`Invoice ${invoice.number}`));
    for (const i of [1, 25, 50]) assert.ok(text.includes(`Part number ${i}`), `line ${i}`);
    for (const tax of invoice.taxes) assert.ok(text.includes(money(tax.tax)), `tax at ${tax.rate} %`);
    assert.ok(text.includes(`Total`) && text.includes(money(invoice.total)), `total ${money(invoice.total)}`);
    assert.ok(text.includes(money(invoice.subtotal)));
  });

  it('prints the profile’s PNG logo, and leaves out a logo it cannot embed', async () => {
    const profiles = await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey });
    const profile = profiles.body.items.find((p: { isDefault: boolean }) => p.isDefault);
    const ticket = await h.createTicket(h.a);
    const invoice = await sentInvoice(ticket.customer.id, [{ description: 'Visit', quantity: 1, unitPrice: 100 }]);
    const session = await customerSession(ticket.customer.id);
    const images = async () => {
      const { res, bytes } = await pdfOf(session, invoice.id);
      assert.equal(res.status, 200);
      // An image XObject (a PNG with alpha adds its mask as a second one).
      return /\/Subtype \/Image/.test(new TextDecoder('latin1').decode(bytes));
    };
    try {
      // An uploaded logo is read from the database.
      const uploaded = await h.app.request(`/v1/admin/profiles/${profile.id}/logo`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'image/png' },
        body: new Uint8Array(PNG),
      });
      assert.equal(uploaded.status, 200, await uploaded.clone().text());
      assert.equal(await images(), true, 'the uploaded PNG');
      // Logo URLs set before uploads existed stay in use: fetched, and left out when they cannot be embedded.
      for (const [path, expected] of [
        ['/logo.png', true],
        ['/logo.svg', false],
      ] as const) {
        await withTenant(
          h.db.sql,
          h.a.tenantId,
          (tx) => tx`update portal_profiles set logo_url = ${logoUrl + path} where id = ${profile.id}`,
        );
        assert.equal(await images(), expected, path);
      }
    } finally {
      await h.call('PATCH', `/v1/admin/profiles/${profile.id}`, { auth: h.a.apiKey, body: { logoUrl: null } });
    }
  });

  it('prints credit notes under the total and the lower amount due', async () => {
    const ticket = await h.createTicket(h.a);
    const invoice = await sentInvoice(ticket.customer.id, [{ description: 'Visit', quantity: 1, unitPrice: 10000 }]);
    const before = await extractText(
      await getDocumentProxy((await pdfOf(await customerSession(ticket.customer.id), invoice.id)).bytes),
      { mergePages: true },
    );
    assert.ok(!before.text.includes('Credit note'), 'positive control: no credit note yet');
    const note = await h.call('POST', `/v1/admin/invoices/${invoice.id}/credit-notes`, {
      auth: h.a.apiKey,
      body: { amount: 2500, reason: 'Goodwill' },
    });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const { bytes } = await pdfOf(await customerSession(ticket.customer.id), invoice.id);
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    assert.ok(text.includes(`Credit note ${note.body.number}`), text);
    assert.ok(text.includes('-€25.00'), text);
    assert.ok(text.includes('Amount due') && text.includes('€75.00'), text);
  });

  it('prints on Letter for a company in the US', async () => {
    await h.call('PATCH', '/v1/admin/invoice-settings', { auth: h.a.apiKey, body: { country: 'US' } });
    try {
      const ticket = await h.createTicket(h.a);
      const invoice = await sentInvoice(ticket.customer.id, [{ description: 'Visit', quantity: 1, unitPrice: 9900 }], {
        currency: 'USD',
      });
      const { bytes } = await pdfOf(await customerSession(ticket.customer.id), invoice.id);
      const pdf = await getDocumentProxy(bytes);
      const [, , width, height] = (await pdf.getPage(1)).view;
      assert.deepEqual([width, height], [612, 792]);
      const { text } = await extractText(pdf, { mergePages: true });
      assert.ok(text.includes('$99.00'), text);
    } finally {
      await h.call('PATCH', '/v1/admin/invoice-settings', { auth: h.a.apiKey, body: { country: 'DE' } });
    }
  });
});
