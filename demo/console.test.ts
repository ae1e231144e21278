import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { createApp } from '../api/src/app';
import { withTenant } from '../api/src/db/client';
import type { Database } from '../api/src/db/open';
import { createStaff, issueStaffLink, STAFF_SIGN_IN_TRIGGER } from '../api/src/db/staff';
import { createTenant } from '../api/src/db/tenants';
import { systemClock } from '../api/src/lib/clock';
import { listen, WIDGET_DIR } from '../api/src/server';
import { smtpChannel } from '../api/src/services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from '../api/src/services/outbox/local-smtp';
import { OutboxWorker } from '../api/src/services/outbox/worker';
import { launchChromium, waitForDeepText } from '../api/src/testing/chromium';
import { TEST_SECRET_BOX } from '../api/src/testing/secret';
import { freshDatabase } from '../api/src/testing/database';

/**
 * The console's staff flow as people meet it: an owner invites a dispatcher in the console (Chromium), the invite
 * goes through the outbox to a real SMTP server, its link opens the console signed in as the dispatcher, who can
 * manage neither keys nor staff; and a cross-site form post to a staff write is refused.
 */
describe('console: invite → mail → sign in', () => {
  let database: Database;
  let smtp: LocalSmtp;
  let api: Awaited<ReturnType<typeof listen>>;
  let worker: OutboxWorker;
  let browser: Browser;
  let attacker: Server;
  let apiUrl: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  before(async () => {
    database = await freshDatabase();
    smtp = await startLocalSmtp();
    const app = createApp({ secretBox: TEST_SECRET_BOX, sql: database.sql, clock: systemClock, widgetDir: WIDGET_DIR });
    api = await listen(app.fetch, 0);
    apiUrl = `http://127.0.0.1:${api.port}`;
    const email = smtpChannel({ url: smtp.url, from: 'no-reply@porchlight.localhost' });
    worker = new OutboxWorker(database.workers, systemClock, { email }, { idleMs: 100 }).start();
    tenant = await createTenant(database.sql, { name: 'Acme Printer Repair', origins: ['https://acme.example'] });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await worker?.stop();
    await new Promise((resolve) => api?.server.close(resolve));
    await smtp?.close();
    await database?.close();
  });

  const staffEmails = async () =>
    (
      await withTenant(
        database.sql,
        tenant.tenantId,
        (tx) => tx<{ email: string; role: string }[]>`
        select email, role from staff order by email`,
      )
    ).map((s) => `${s.email} ${s.role}`);

  /** Clicks the button named `name` (its aria-label or text), wherever it is in the console's shadow roots. */
  const click = (page: Page, name: string) =>
    page.evaluate((name) => {
      const roots: (Document | ShadowRoot)[] = [document];
      while (roots.length) {
        const root = roots.shift()!;
        for (const b of root.querySelectorAll('button')) {
          if ((b.getAttribute('aria-label') ?? b.textContent)?.trim() === name) return void b.click();
        }
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      }
      throw new Error(`no button ${name}`);
    }, name);

  const signedInPage = async (link: string) => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 390, height: 900 });
    await page.goto(link);
    await waitForDeepText(page, '.who', 'Signed in as');
    return page;
  };

  let ownerPage: Page;

  it('an owner invites a dispatcher in the console; the mail arrives at the SMTP server and its link signs them in', async () => {
    // The first owner, as `porchlight tenant create --owner-email --print-link` makes one.
    const { token } = await withTenant(database.sql, tenant.tenantId, async (tx) => {
      const owner = await createStaff(tx, tenant.tenantId, 'olga@acme.example', 'owner', systemClock.now());
      return issueStaffLink(tx, tenant.tenantId, owner.id, STAFF_SIGN_IN_TRIGGER, `${apiUrl}/admin`, systemClock.now());
    });
    ownerPage = await signedInPage(`${apiUrl}/admin#porch-staff=${token}`);
    await waitForDeepText(ownerPage, '.who', 'olga@acme.example (owner)');
    assert.equal(await ownerPage.evaluate(() => location.hash), '', 'the token left the address');

    await click(ownerPage, 'Staff');
    await waitForDeepText(ownerPage, 'ul.cards', 'olga@acme.example');
    const email = await ownerPage.waitForSelector('pierce/#invite-email');
    await email!.type('dee@acme.example');
    await ownerPage.select('pierce/#invite-role', 'dispatcher');
    await click(ownerPage, 'Send invite');
    await waitForDeepText(ownerPage, '.note', 'Invite sent to dee@acme.example');

    const deadline = Date.now() + 20_000;
    let mail = smtp.mails.find((m) => m.to.includes('dee@acme.example'));
    while (!mail) {
      assert.ok(Date.now() < deadline, 'the invite reached the SMTP server');
      await new Promise((resolve) => setTimeout(resolve, 100));
      mail = smtp.mails.find((m) => m.to.includes('dee@acme.example'));
    }
    assert.equal(mail.subject, 'You are invited to Acme Printer Repair on Porchlight');
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/admin#porch-staff=[A-Za-z0-9_-]{43}/)?.[0];
    assert.ok(link?.startsWith(`${apiUrl}/admin#`), mail.text);

    const dee = await signedInPage(link!);
    await waitForDeepText(dee, '.who', 'dee@acme.example (dispatcher)');

    // The dispatcher is offered neither keys nor staff (the API refuses them too, below), and still their sessions.
    const nav = await dee.evaluate(() =>
      [...document.querySelector('porch-console')!.shadowRoot!.querySelectorAll('nav button')].map((b) =>
        b.textContent!.trim(),
      ),
    );
    assert.ok(nav.includes('Tickets') && nav.includes('Your sessions'), nav.join());
    assert.ok(!nav.includes('API keys') && !nav.includes('Staff'), nav.join());
    await click(dee, 'Your sessions');
    await waitForDeepText(dee, 'ul.cards', 'This browser');
    const refused = await dee.evaluate(async () => {
      const csrf = document.cookie.match(/porch_csrf=([^;]+)/)![1]!;
      const response = await fetch('/v1/admin/staff', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ email: 'mallory@acme.example', role: 'owner' }),
      });
      return [response.status, ((await response.json()) as { error: { code: string } }).error.code];
    });
    assert.deepEqual(refused, [403, 'ROLE_FORBIDDEN'], 'not through the API either, with a valid session and token');
    assert.deepEqual(await staffEmails(), ['dee@acme.example dispatcher', 'olga@acme.example owner']);
  });

  it('a cross-site form post to a staff write is refused and changes nothing', async () => {
    // A page on another site (localhost is not 127.0.0.1) posts a form at the owner's console API.
    const form = `<!doctype html><form method="post" enctype="text/plain" action="${apiUrl}/v1/admin/staff">
      <input name='{"email":"mallory@evil.example","role":"owner","x":"' value='"}' /></form>
      <script>document.forms[0].submit()</script>`;
    attacker = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(form));
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const port = (attacker.address() as { port: number }).port;
    const answer = ownerPage.waitForResponse((r) => r.url() === `${apiUrl}/v1/admin/staff`);
    await ownerPage.goto(`http://localhost:${port}/`);
    const response = await answer;
    // Refused before it reaches the session: a form cannot send JSON (415); nor would the browser send the
    // SameSite=Strict cookie, nor could the page forge the Origin or read the CSRF token (see staff.security.test.ts).
    assert.deepEqual(
      [response.status(), ((await response.json()) as { error: { code: string } }).error.code],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
    );
    assert.deepEqual(await staffEmails(), ['dee@acme.example dispatcher', 'olga@acme.example owner']);
    // Positive control: the owner's own console still writes.
    await ownerPage.goto(`${apiUrl}/admin`);
    await waitForDeepText(ownerPage, '.who', 'olga@acme.example (owner)');
    await click(ownerPage, 'Staff');
    await waitForDeepText(ownerPage, 'ul.cards', 'dee@acme.example');
    await (await ownerPage.waitForSelector('pierce/#invite-email'))!.type('ann@acme.example');
    await click(ownerPage, 'Send invite');
    await waitForDeepText(ownerPage, '.note', 'Invite sent to ann@acme.example');
    assert.ok((await staffEmails()).includes('ann@acme.example dispatcher'));
  });
});
