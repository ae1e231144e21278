import assert from 'node:assert/strict';
import { withTenant } from '../db/client';
import { after, before, describe, it } from 'node:test';
import { setUpBooking } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const GERMAN = {
  salutation: { en: 'Hello! Here is your repair.', de: 'Hallo! So steht es um Ihre Reparatur.' },
  bookingText: { en: 'Pick a day.', de: 'Wählen Sie einen Tag.' },
  disclaimer: { en: 'Up to 30 minutes late.', de: 'Bis zu 30 Minuten später.' },
};
const POLICY = { en: 'Changes are free.', de: 'Änderungen sind kostenlos.' };

const admin = (method: string, path: string, body?: unknown) =>
  h.call(method, `/v1/admin${path}`, { auth: h.a.apiKey, body });

/** The default profile of tenant A, with booking set up and a ticket whose session may book. */
async function bookingTicket() {
  const { profileId } = await setUpBooking(h, h.a);
  const ticket = await h.createTicket(h.a, { skills: ['printer'] });
  const { token } = await h.linkFor(h.a, ticket.id, 'tracking+booking');
  const session = (await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin })).body.session;
  const portal = (path: string) => h.call('GET', `/v1/portal${path}`, { auth: session, origin: h.a.origin });
  const availability = (lang?: string) =>
    portal(`/tickets/${ticket.id}/availability?from=2026-11-30&to=2026-12-01${lang ? `&lang=${lang}` : ''}`);
  return { profileId, ticket, portal, availability };
}

describe('profile texts per language', () => {
  let setup: Awaited<ReturnType<typeof bookingTicket>>;
  before(async () => (setup = await bookingTicket()));

  it('stores the maps written through the admin API and returns them', async () => {
    const patched = await admin('PATCH', `/profiles/${setup.profileId}`, GERMAN);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(
      {
        salutation: patched.body.salutation,
        bookingText: patched.body.bookingText,
        disclaimer: patched.body.disclaimer,
      },
      GERMAN,
    );
    const settings = await admin('GET', '/booking-settings');
    const put = await admin('PUT', '/booking-settings', { ...settings.body, policy: POLICY });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.policy, POLICY);
    const read = await admin('GET', `/profiles/${setup.profileId}`);
    assert.deepEqual(read.body.salutation, GERMAN.salutation);
    assert.deepEqual(read.body.disclaimer, GERMAN.disclaimer);
  });

  it('answers a portal read in the language asked for, else the profile’s language, else any', async () => {
    const de = await setup.portal('/me?lang=de');
    assert.equal(de.status, 200);
    assert.equal(de.body.profile.salutation, GERMAN.salutation.de);
    assert.equal((await setup.portal('/me?lang=de-AT')).body.profile.salutation, GERMAN.salutation.de);
    // French is not there: the profile's language (English) speaks.
    assert.equal((await setup.portal('/me?lang=fr')).body.profile.salutation, GERMAN.salutation.en);
    assert.equal((await setup.portal('/me')).body.profile.salutation, GERMAN.salutation.en);
    assert.equal((await setup.portal('/me?lang=')).body.profile.salutation, GERMAN.salutation.en);

    const german = await setup.availability('de');
    assert.equal(german.status, 200, JSON.stringify(german.body));
    assert.deepEqual(
      [german.body.salutation, german.body.bookingText, german.body.disclaimer, german.body.policy],
      [GERMAN.salutation.de, GERMAN.bookingText.de, GERMAN.disclaimer.de, POLICY.de],
    );
    const french = await setup.availability('fr');
    assert.deepEqual(
      [french.body.salutation, french.body.bookingText, french.body.disclaimer, french.body.policy],
      [GERMAN.salutation.en, GERMAN.bookingText.en, GERMAN.disclaimer.en, POLICY.en],
    );

    // A text only in German still shows on a French page of an English profile: any language beats none.
    await admin('PATCH', `/profiles/${setup.profileId}`, { disclaimer: { de: 'Nur auf Deutsch.' } });
    assert.equal((await setup.availability('fr')).body.disclaimer, 'Nur auf Deutsch.');
    await admin('PATCH', `/profiles/${setup.profileId}`, { disclaimer: GERMAN.disclaimer });
  });

  it('refuses an unknown language key with its path and writes nothing', async () => {
    const before = (await admin('GET', `/profiles/${setup.profileId}`)).body;
    const cases: [string, string, unknown, string][] = [
      ['PATCH', `/profiles/${setup.profileId}`, { salutation: { de: 'Hallo', xx: 'Hi' } }, 'json.salutation.xx'],
      ['PATCH', `/profiles/${setup.profileId}`, { name: 'Renamed', disclaimer: { EN: 'Hi' } }, 'json.disclaimer.EN'],
      ['PATCH', `/profiles/${setup.profileId}`, { bookingText: { de: '' } }, 'json.bookingText.de'],
      ['POST', '/profiles', { name: 'New', salutation: { pt: 'Olá' } }, 'json.salutation.pt'],
      [
        'PUT',
        `/profiles/${setup.profileId}/booking`,
        { capacity: 5, bookingText: { klingon: 'Qapla’' } },
        'json.bookingText.klingon',
      ],
      [
        'PUT',
        '/booking-settings',
        { holidayCountry: null, holidayRegion: null, cutoffHours: 1, policy: { de: 'x', nl: 'y' } },
        'json.policy.nl',
      ],
    ];
    for (const [method, path, body, issuePath] of cases) {
      const res = await admin(method, path, body);
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((issue: { path: string }) => issue.path === issuePath),
        `${issuePath}: ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    // Status relabels and feedback labels were maps already: an unknown language there is 400 at the field.
    for (const [body, issuePath] of [
      [{ statusLabels: { xx: { on_route: 'On the way' } } }, 'json.statusLabels'],
      [
        { feedbackQuestions: [{ id: 'tidy', kind: 'yes_no', label: { en: 'Tidy?', xx: 'Tidy?' } }] },
        'json.feedbackQuestions.0.label',
      ],
    ] as const) {
      const res = await admin('PATCH', `/profiles/${setup.profileId}`, body);
      assert.equal(res.status, 400);
      assert.ok(
        res.body.error.issues.some((issue: { path: string }) => issue.path === issuePath),
        `${issuePath}: ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    const after = (await admin('GET', `/profiles/${setup.profileId}`)).body;
    assert.deepEqual(after, before, 'the profile is unchanged');
    assert.deepEqual((await admin('GET', '/booking-settings')).body.policy, POLICY);
    const names = (await admin('GET', '/profiles')).body.items.map((p: { name: string }) => p.name);
    assert.ok(!names.includes('New'), 'no profile created');
    assert.equal((await setup.availability('de')).body.bookingText, GERMAN.bookingText.de, 'booking texts unchanged');
  });

  it('takes a plain string as the fallback language’s text and keeps the other languages', async () => {
    const created = await admin('POST', '/profiles', { name: 'Legacy', language: 'de', salutation: 'Guten Tag' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.salutation, { de: 'Guten Tag' });
    await admin('PATCH', `/profiles/${created.body.id}`, { salutation: { en: 'Good day', de: 'Guten Tag' } });
    const patched = await admin('PATCH', `/profiles/${created.body.id}`, { salutation: 'Grüß Gott' });
    assert.deepEqual(patched.body.salutation, { en: 'Good day', de: 'Grüß Gott' });
    const cleared = await admin('PATCH', `/profiles/${created.body.id}`, { salutation: null });
    assert.equal(cleared.body.salutation, null);

    // The policy is the tenant's: a plain string is the default profile's language's (English here).
    const settings = (await admin('GET', '/booking-settings')).body;
    const put = await admin('PUT', '/booking-settings', { ...settings, policy: 'Changes cost nothing.' });
    assert.deepEqual(put.body.policy, { en: 'Changes cost nothing.', de: POLICY.de });
    await admin('PUT', '/booking-settings', { ...settings, policy: POLICY });

    // PUT …/booking answers what is stored, not what was sent.
    const booking = await admin('PUT', `/profiles/${setup.profileId}/booking`, {
      windows: [{ start: '08:00', end: '12:00' }],
      bookingText: 'Choose a day.',
      disclaimer: GERMAN.disclaimer,
    });
    assert.equal(booking.status, 200, JSON.stringify(booking.body));
    assert.deepEqual(booking.body.bookingText, { en: 'Choose a day.', de: GERMAN.bookingText.de });
    assert.deepEqual(booking.body.disclaimer, GERMAN.disclaimer);
  });

  it('keeps markup as text: what was written is what is read, never sanitised into HTML', async () => {
    const markup = '<img src=x onerror="window.__porchXss=1"><b>Hallo</b>';
    const profile = await admin('POST', '/profiles', { name: 'Markup', salutation: { de: markup } });
    assert.equal(profile.status, 201);
    assert.equal(profile.body.salutation.de, markup);
  });

  it('unknown or malformed lang falls back instead of failing; a malformed one is 400 with its path', async () => {
    assert.equal((await setup.portal('/me?lang=pt')).body.profile.salutation, GERMAN.salutation.en);
    const bad = await setup.portal('/me?lang=%3Cscript%3E');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'query.lang');
  });
});

describe('POST /v1/admin/profiles/:id/clone', () => {
  it('copies every setting and text under the new name, not the default flag nor project assignments', async () => {
    const created = await admin('POST', '/profiles', {
      name: 'Managed print',
      mode: 'tracking+booking',
      language: 'de',
      theme: { colorPrimary: '#c2410c' },
      feedbackEnabled: true,
      feedbackQuestions: [{ id: 'tidy', kind: 'yes_no', label: { en: 'Tidy?', de: 'Ordentlich?' } }],
      statusLabels: { de: { on_route: 'Unterwegs' } },
      modules: ['status', 'appointment', 'feedback'],
      ...GERMAN,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // A logo address from before uploads existed (the API now takes only uploads) is copied too.
    await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`
      update portal_profiles set logo_url = 'https://acme.example/logo.png' where id = ${created.body.id}`,
    );
    const source = await admin('GET', `/profiles/${created.body.id}`);
    assert.equal(source.body.logoUrl, 'https://acme.example/logo.png');
    await admin('PUT', `/profiles/${source.body.id}/booking`, {
      windows: [{ start: '09:00', end: '11:00' }],
      capacity: 7,
      bookingText: GERMAN.bookingText,
      disclaimer: GERMAN.disclaimer,
    });
    const project = await admin('POST', '/projects', { name: 'Schools', profileId: source.body.id });

    const clone = await admin('POST', `/profiles/${source.body.id}/clone`, { name: 'Managed print (Austria)' });
    assert.equal(clone.status, 201, JSON.stringify(clone.body));
    assert.notEqual(clone.body.id, source.body.id);
    assert.equal(clone.body.name, 'Managed print (Austria)');
    assert.equal(clone.body.isDefault, false);
    const { id, name, createdAt, updatedAt, ...copied } = source.body;
    void [id, name, createdAt, updatedAt];
    for (const [field, value] of Object.entries(copied)) assert.deepEqual(clone.body[field], value, field);

    // The booking set-up came along: the clone's portal shows the same windows and texts.
    const ticket = await h.createTicket(h.a, { profileId: clone.body.id, skills: ['printer'] });
    const { token } = await h.linkFor(h.a, ticket.id, 'tracking+booking');
    const session = (await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin })).body.session;
    const slots = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=2026-12-01`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.equal(slots.status, 200, JSON.stringify(slots.body));
    const local = (instant: string) =>
      new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(instant));
    assert.deepEqual(
      slots.body.slots.map((slot: { start: string; end: string }) => [local(slot.start), local(slot.end)]),
      [['09:00', '11:00']],
      'the source’s one window',
    );
    const me = await h.call('GET', '/v1/portal/me?lang=de', { auth: session, origin: h.a.origin });
    assert.equal(me.body.profile.salutation, GERMAN.salutation.de);

    // Projects still point at the source; the source is unchanged.
    assert.equal((await admin('GET', `/projects/${project.body.id}`)).body.profileId, source.body.id);
    assert.deepEqual((await admin('GET', `/profiles/${source.body.id}`)).body, source.body);

    const unnamed = await admin('POST', `/profiles/${source.body.id}/clone`, {});
    assert.equal(unnamed.body.name, 'Managed print (copy)');
    const defaultClone = await admin('POST', `/profiles/${(await admin('GET', '/profiles')).body.items[0].id}/clone`, {
      name: 'Copy of the default',
    });
    assert.equal(defaultClone.body.isDefault, false, 'cloning the default does not make a second default');
  });
});
