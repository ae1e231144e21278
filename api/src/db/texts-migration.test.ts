import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app';
import { fixedClock } from '../lib/clock';
import { freshDatabase } from '../testing/database';
import { sampleTicket } from '../testing/harness';
import { TEST_SECRET_BOX } from '../testing/secret';
import { migrate } from './migrate';
import type { Database } from './open';
import { rotateApiKey } from './tenants';

const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));
const TEXTS = '0037_profile_texts.sql';
const ORIGIN = 'https://acme.example';

let db: Database;
before(async () => (db = await freshDatabase({ migrate: false })));
after(() => db.close());

/** The schema as it was before migration 0037, applied the way `migrate()` does. */
async function migrateBeforeTexts() {
  const files = (await readdir(MIGRATIONS)).filter((f) => /^\d{4}_.+\.sql$/.test(f) && f < TEXTS).sort();
  await db.sql.begin(async (tx) => {
    await tx`create table schema_migrations (version text primary key, applied_at timestamptz not null default now())`;
    for (const file of files) {
      await tx.unsafe(await readFile(MIGRATIONS + file, 'utf8'));
      await tx`insert into schema_migrations (version) values (${file})`;
    }
  });
}

describe(`migration ${TEXTS}`, () => {
  const acme = '00000000-0000-4000-8000-00000000000a';
  const globex = '00000000-0000-4000-8000-00000000000b';

  it('moves existing single texts under their profile’s language, and the app reads them', async () => {
    await migrateBeforeTexts();
    // Old-shape rows, written as the owner the way the old code stored them.
    await db.sql`
      insert into tenants (id, public_id, name, allowed_origins, booking_policy)
      values (${acme}, 'acme', 'Acme', ${[ORIGIN]}, 'Umbuchen ist kostenlos.'),
             (${globex}, 'globex', 'Globex', ${[ORIGIN]}, null)`;
    await db.sql`
      insert into portal_profiles (tenant_id, name, is_default, language, salutation, booking_text, booking_disclaimer)
      values (${acme}, 'Default', true, 'de', 'Hallo!', 'Wählen Sie einen Tag.', ''),
             (${acme}, 'English', false, 'en', 'Hi!', null, 'Up to 30 minutes late.'),
             (${globex}, 'Default', true, 'xx', 'Howdy', null, null)`;

    const applied = await migrate(db.sql);
    assert.ok(applied.includes(TEXTS), JSON.stringify(applied));

    const profiles = await db.sql<
      { name: string; language: string; salutation: unknown; bookingText: unknown; disclaimer: unknown }[]
    >`
      select name, language, salutation, booking_text as "bookingText", booking_disclaimer as disclaimer
      from portal_profiles order by tenant_id, name`;
    assert.deepEqual(
      profiles.map((p) => ({ ...p })),
      [
        {
          name: 'Default',
          language: 'de',
          salutation: { de: 'Hallo!' },
          bookingText: { de: 'Wählen Sie einen Tag.' },
          disclaimer: null,
        },
        {
          name: 'English',
          language: 'en',
          salutation: { en: 'Hi!' },
          bookingText: null,
          disclaimer: { en: 'Up to 30 minutes late.' },
        },
        // A language the API never allowed becomes the default, and the text goes with it.
        { name: 'Default', language: 'en', salutation: { en: 'Howdy' }, bookingText: null, disclaimer: null },
      ],
    );
    const policies = await db.sql<{ policy: unknown }[]>`select booking_policy as policy from tenants order by id`;
    assert.deepEqual(
      policies.map((row) => row.policy),
      [{ de: 'Umbuchen ist kostenlos.' }, null],
      'the policy goes under the default profile’s language',
    );
    // A string where a map belongs is refused by the database too.
    await assert.rejects(db.sql`update portal_profiles set salutation = '"Hi"'::jsonb where name = 'English'`);

    // The app reads the migrated rows: the admin API returns the maps, a German page gets the German greeting.
    const apiKey = await rotateApiKey(db.sql, acme, 0, new Date());
    const app = createApp({ secretBox: TEST_SECRET_BOX, sql: db.appSql, clock: fixedClock(new Date()) });
    const call = async (method: string, path: string, auth: string, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${auth}`, origin: ORIGIN };
      if (body) headers['content-type'] = 'application/json';
      const env = { incoming: { socket: { remoteAddress: '192.0.2.1' } } };
      const res = await app.request(path, { method, headers, body: body ? JSON.stringify(body) : undefined }, env);
      return { status: res.status, body: (await res.json()) as any };
    };
    const list = await call('GET', '/v1/admin/profiles', apiKey);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(
      list.body.items.map((p: { salutation: unknown }) => p.salutation),
      [{ de: 'Hallo!' }, { en: 'Hi!' }],
    );
    const settings = await call('GET', '/v1/admin/booking-settings', apiKey);
    assert.deepEqual(settings.body.policy, { de: 'Umbuchen ist kostenlos.' });
    const ticket = await call('POST', '/v1/admin/tickets', apiKey, sampleTicket());
    const link = await call('POST', `/v1/admin/tickets/${ticket.body.id}/links`, apiKey, { kind: 'ticket' });
    const redeemed = await app.request(
      '/v1/portal/session',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ token: link.body.token }),
      },
      { incoming: { socket: { remoteAddress: '192.0.2.1' } } },
    );
    const { session } = (await redeemed.json()) as { session: string };
    for (const [lang, expected] of [
      ['de', 'Hallo!'],
      ['fr', 'Hallo!'],
    ]) {
      const me = await call('GET', `/v1/portal/me?lang=${lang}`, session);
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.equal(me.body.profile.salutation, expected, lang);
    }
  });
});
