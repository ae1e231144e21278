import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { smtpChannel, type EmailChannel } from '../services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from '../services/outbox/local-smtp';
import { OutboxWorker } from '../services/outbox/worker';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
let smtp: LocalSmtp;
let email: EmailChannel;
before(async () => {
  h = await startHarness({ poolSize: 10 });
  smtp = await startLocalSmtp();
  email = smtpChannel({ url: smtp.url, from: 'no-reply@acme.example' });
});
afterEach(async () => {
  await h.db.sql`delete from outbox`;
  await h.db.sql`delete from automated_actions`;
});
after(async () => {
  email.close();
  await smtp.close();
  await h.close();
});

const line = { description: 'Fuser unit', quantity: 1, unitPrice: 10000, taxRate: 19 };
const create = (body: Record<string, unknown>, key = h.a.apiKey) =>
  h.call('POST', '/v1/admin/invoices', {
    auth: key,
    body: { currency: 'EUR', dueDate: '2026-12-07', lines: [line], ...body },
  });

describe('admin invoices', () => {
  it('creates a draft with per-line rounding, taxes per rate and totals', async () => {
    const ticket = await h.createTicket(h.a);
    const res = await create({
      customerId: ticket.customer.id,
      ticketId: ticket.id,
      lines: [
        { description: 'Labour', quantity: 1.5, unitPrice: 333, taxRate: 7 },
        { description: 'Toner', quantity: 3, unitPrice: 1999, taxRate: 19, discountPercent: 10 },
        { description: 'Half a cent', quantity: 0.5, unitPrice: 1, taxRate: 19 },
        { description: 'Postage', quantity: 1, unitPrice: 450 },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const invoice = res.body;
    assert.equal(invoice.status, 'draft');
    assert.match(invoice.number, /^INV-\d{4}$/);
    // 499.5 → 500 (7 % → 35); 5997 − 10 % = 5397.3 → 5397 (19 % → 1025.43 → 1025); 0.5 → 1 (0.19 → 0); 450
    assert.deepEqual(
      invoice.lines.map((l: { net: number; tax: number }) => [l.net, l.tax]),
      [
        [500, 35],
        [5397, 1025],
        [1, 0],
        [450, 0],
      ],
    );
    assert.deepEqual(invoice.taxes, [
      { rate: 0, net: 450, tax: 0 },
      { rate: 7, net: 500, tax: 35 },
      { rate: 19, net: 5398, tax: 1025 },
    ]);
    assert.equal(invoice.subtotal, 6348);
    assert.equal(invoice.taxTotal, 1060);
    assert.equal(invoice.total, 7408);
    assert.equal(invoice.amountDue, 7408);
    assert.equal(invoice.minorDigits, 2);
  });

  it('takes the currency’s minor unit: JPY 0 digits, KWD 3', async () => {
    const ticket = await h.createTicket(h.a);
    const jpy = await create({
      customerId: ticket.customer.id,
      currency: 'JPY',
      lines: [{ description: 'Visit', quantity: 1.5, unitPrice: 1001, taxRate: 10 }],
    });
    assert.equal(jpy.body.minorDigits, 0);
    assert.deepEqual([jpy.body.subtotal, jpy.body.taxTotal, jpy.body.total], [1502, 150, 1652]);
    const kwd = await create({
      customerId: ticket.customer.id,
      currency: 'KWD',
      lines: [{ description: 'Visit', quantity: 1, unitPrice: 12345, taxRate: 5 }],
    });
    assert.equal(kwd.body.minorDigits, 3);
    assert.deepEqual([kwd.body.taxTotal, kwd.body.total], [617, 12962]);
  });

  it('refuses bad input with the field’s path and uses no number for it', async () => {
    const ticket = await h.createTicket(h.a);
    const before = await h.call('GET', '/v1/admin/invoice-settings', { auth: h.a.apiKey });
    const cases: [Record<string, unknown>, string][] = [
      [{ lines: [{ ...line, quantity: -1 }] }, 'json.lines.0.quantity'],
      [{ lines: [{ ...line, quantity: 0.0005 }] }, 'json.lines.0.quantity'],
      [{ lines: [{ ...line, unitPrice: 12.5 }] }, 'json.lines.0.unitPrice'],
      [{ currency: 'XYZ' }, 'json.currency'],
      [{ lines: [{ ...line, quantity: 2, unitPrice: Number.MAX_SAFE_INTEGER }] }, 'json.lines.0'],
      [
        {
          lines: [
            { ...line, unitPrice: 2 ** 52, taxRate: 0 },
            { ...line, unitPrice: 2 ** 52, taxRate: 0 },
          ],
        },
        'json.lines',
      ],
      [{ dueDate: '2026-11-01', issueDate: '2026-11-20' }, 'json.dueDate'],
    ];
    for (const [body, path] of cases) {
      const res = await create({ customerId: ticket.customer.id, ...body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        JSON.stringify(res.body.error.issues),
      );
    }
    const afterwards = await h.call('GET', '/v1/admin/invoice-settings', { auth: h.a.apiKey });
    assert.equal(afterwards.body.nextNumber, before.body.nextNumber);
  });

  it('numbers 50 concurrent creations consecutively, with the configured prefix', async () => {
    const ticket = await h.createTicket(h.a);
    const settings = await h.call('PATCH', '/v1/admin/invoice-settings', { auth: h.a.apiKey, body: { prefix: 'AC-' } });
    assert.equal(settings.status, 200);
    const first = settings.body.nextNumber;
    const results = await Promise.all(Array.from({ length: 50 }, () => create({ customerId: ticket.customer.id })));
    assert.deepEqual(
      results.map((r) => r.status),
      Array(50).fill(201),
    );
    const numbers = results.map((r) => Number(r.body.number.slice(3))).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 50 }, (_, i) => first + i),
    );
    assert.ok(results.every((r) => r.body.number.startsWith('AC-')));
  });

  it('keeps a sent invoice immutable and voids it', async () => {
    const ticket = await h.createTicket(h.a);
    const draft = (await create({ customerId: ticket.customer.id })).body;
    const patched = await h.call('PATCH', `/v1/admin/invoices/${draft.id}`, {
      auth: h.a.apiKey,
      body: { lines: [{ ...line, unitPrice: 20000 }] },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.total, 23800);
    assert.equal((await h.call('POST', `/v1/admin/invoices/${draft.id}/send`, { auth: h.a.apiKey })).status, 200);
    const change = await h.call('PATCH', `/v1/admin/invoices/${draft.id}`, {
      auth: h.a.apiKey,
      body: { lines: [line] },
    });
    assert.equal(change.status, 409);
    assert.equal(change.body.error.code, 'INVOICE_NOT_DRAFT');
    const again = await h.call('POST', `/v1/admin/invoices/${draft.id}/send`, { auth: h.a.apiKey });
    assert.equal(again.body.error.code, 'INVOICE_NOT_DRAFT');
    const voided = await h.call('POST', `/v1/admin/invoices/${draft.id}/void`, { auth: h.a.apiKey });
    assert.equal(voided.body.status, 'void');
    assert.equal(voided.body.amountDue, 0);
    assert.equal((await h.call('GET', `/v1/admin/invoices/${draft.id}`, { auth: h.a.apiKey })).body.total, 23800);
  });

  it('marks an open invoice overdue after its due date', async () => {
    const ticket = await h.createTicket(h.a);
    const draft = (await create({ customerId: ticket.customer.id, dueDate: '2026-11-23' })).body;
    await h.call('POST', `/v1/admin/invoices/${draft.id}/send`, { auth: h.a.apiKey });
    const read = () => h.call('GET', `/v1/admin/invoices/${draft.id}`, { auth: h.a.apiKey });
    assert.equal((await read()).body.overdue, false);
    h.clock.advance(24 * 3600_000);
    try {
      assert.equal((await read()).body.overdue, true);
    } finally {
      h.clock.advance(-24 * 3600_000);
    }
  });
});

describe('sending an invoice', () => {
  it('mails the customer a login link that opens the invoice, and fires invoice_sent', async () => {
    const ticket = await h.createTicket(h.a, { customer: { name: 'Ina Vogt', email: 'ina@example.com' } });
    const action = await h.call('POST', '/v1/admin/automated-actions', {
      auth: h.a.apiKey,
      body: {
        name: 'Invoice info',
        trigger: 'invoice_sent',
        channel: 'info',
        templates: { en: { body: 'Your invoice is in the portal' } },
      },
    });
    assert.equal(action.status, 201, JSON.stringify(action.body));
    const draft = (await create({ customerId: ticket.customer.id, ticketId: ticket.id })).body;
    const sent = await h.call('POST', `/v1/admin/invoices/${draft.id}/send`, { auth: h.a.apiKey });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.status, 'sent');
    const messages = await h.call('GET', `/v1/admin/tickets/${ticket.id}/messages`, { auth: h.a.apiKey });
    assert.equal(messages.body.items.length, 1, 'the invoice_sent action wrote its message');

    const worker = new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, leaseMs: 10_000 });
    assert.equal(await worker.runOnce(), 2);
    const [mail, ...others] = smtp.mails.filter((m) => m.to.includes('ina@example.com'));
    assert.equal(others.length, 0);
    assert.equal(mail!.subject, `Invoice ${draft.number} from Acme Printer Repair`);
    assert.match(mail!.text, /over 119\.00 EUR, due on 2026-12-07/);
    const link = mail!.text.match(/https:\/\/acme\.example#porch=([A-Za-z0-9_-]{43})&invoice=([0-9a-f-]{36})/);
    assert.ok(link, mail!.text);
    assert.equal(link[2], draft.id);
    const session = await h.call('POST', '/v1/portal/session', { body: { token: link[1] }, origin: h.a.origin });
    assert.equal(session.status, 200);
    const read = await h.call('GET', `/v1/portal/invoices/${draft.id}`, {
      auth: session.body.session,
      origin: h.a.origin,
    });
    assert.equal(read.status, 200);
    assert.equal(read.body.number, draft.number);
  });

  it('answers 422 CUSTOMER_EMAIL_MISSING for a customer without an address and changes nothing', async () => {
    const ticket = await h.createTicket(h.a, { customer: { name: 'No Mail' } });
    const draft = (await create({ customerId: ticket.customer.id })).body;
    const res = await h.call('POST', `/v1/admin/invoices/${draft.id}/send`, { auth: h.a.apiKey });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'CUSTOMER_EMAIL_MISSING');
    assert.equal((await h.call('GET', `/v1/admin/invoices/${draft.id}`, { auth: h.a.apiKey })).body.status, 'draft');
    const [outbox] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from outbox where customer_id = ${ticket.customer.id}`,
    );
    assert.equal(outbox!.n, 0);
    // Positive control: the same probe counts the row a send with an address writes.
    const withMail = await h.createTicket(h.a, { customer: { name: 'Has Mail', email: 'has@example.com' } });
    const other = (await create({ customerId: withMail.customer.id })).body;
    assert.equal((await h.call('POST', `/v1/admin/invoices/${other.id}/send`, { auth: h.a.apiKey })).status, 200);
    const [queued] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from outbox where customer_id = ${withMail.customer.id}`,
    );
    assert.equal(queued!.n, 1);
  });
});

describe('invoice_sent without a ticket', () => {
  it('fires the customer’s invoice_sent email with a token-free link to the invoice; project-bound ones do not', async () => {
    const ticket = await h.createTicket(h.a, { customer: { name: 'Ole Berg', email: 'ole@example.com' } });
    const project = await h.call('POST', '/v1/admin/projects', { auth: h.a.apiKey, body: { name: 'Only tickets' } });
    for (const [name, condition, channel] of [
      ['Invoice mail', {}, 'email'],
      ['Project only', { projectId: project.body.id }, 'email'],
      ['Info needs a ticket', {}, 'info'],
    ] as const) {
      const action = await h.call('POST', '/v1/admin/automated-actions', {
        auth: h.a.apiKey,
        body: {
          name,
          trigger: 'invoice_sent',
          channel,
          condition,
          templates: {
            en: {
              ...(channel === 'email' ? { subject: 'Your invoice' } : {}),
              body: `${name}: {{customer.name}}, see {{portal.link}}`,
            },
          },
        },
      });
      assert.equal(action.status, 201, JSON.stringify(action.body));
    }
    const draft = (await create({ customerId: ticket.customer.id })).body;
    assert.equal(draft.ticketId, null);
    const sent = await h.call('POST', `/v1/admin/invoices/${draft.id}/send`, { auth: h.a.apiKey });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const rows = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select trigger, ticket_id as "ticketId" from outbox where customer_id = ${ticket.customer.id}
                 order by trigger`,
    );
    assert.deepEqual(
      rows.map((r) => [r.trigger, r.ticketId]),
      [
        ['invoice_mail', null],
        ['invoice_sent', null],
      ],
    );
    const worker = new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, leaseMs: 10_000 });
    assert.equal(await worker.runOnce(), 2);
    const mails = smtp.mails.filter((m) => m.to.includes('ole@example.com'));
    const action = mails.find((m) => m.subject === 'Your invoice');
    assert.ok(action, mails.map((m) => m.subject).join());
    assert.equal(
      action.text.trim().split('\n')[0],
      `Invoice mail: Ole Berg, see https://acme.example#invoice=${draft.id}`,
    );
    // The invoice mail's own login link still works: the action minted no login link that would revoke it.
    const invoiceMail = mails.find((m) => m.subject.startsWith('Invoice '))!;
    const token = invoiceMail.text.match(/#porch=([A-Za-z0-9_-]{43})/)![1];
    const session = await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin });
    assert.equal(session.status, 200);
  });
});

describe('the admin invoice list', () => {
  it('pages with a cursor, newest first, unaffected by invoices created meanwhile', async () => {
    const ticket = await h.createTicket(h.a);
    const customerId = ticket.customer.id;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create({ customerId })).body.number);
    const page = (query: string) =>
      h.call('GET', `/v1/admin/invoices?customerId=${customerId}&${query}`, { auth: h.a.apiKey });
    const first = await page('limit=2');
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.items.map((i: { number: string }) => i.number),
      [made[4], made[3]],
    );
    // New invoices arrive between pages: they are newer, so they belong before page one, not in page two.
    await create({ customerId });
    await create({ customerId });
    const second = await page(`limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      second.body.items.map((i: { number: string }) => i.number),
      [made[2], made[1]],
    );
    const third = await page(`limit=2&cursor=${second.body.nextCursor}`);
    assert.deepEqual(
      third.body.items.map((i: { number: string }) => i.number),
      [made[0]],
    );
    assert.equal(third.body.nextCursor, null);
    // A cursor made for one customer's list is refused for the whole list, and garbage is refused.
    for (const cursor of [first.body.nextCursor, 'garbage', Buffer.from('[1e999,null]').toString('base64url')]) {
      const res = await h.call('GET', `/v1/admin/invoices?cursor=${cursor}`, { auth: h.a.apiKey });
      assert.equal(res.status, 400, cursor);
      assert.equal(res.body.error.code, 'CURSOR_INVALID');
    }
  });
});
