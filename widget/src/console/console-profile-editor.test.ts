import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { PorchBookingCalendar } from '../elements/booking-calendar/booking-calendar.js';
import { PorchPortal } from '../elements/portal/portal.js';
import { de } from '../i18n/de.js';
import { bookingCalendar } from '../testing/booking.js';
import { admin, createSession, shadow } from '../testing/fixtures.js';
import { inside, shadowText as text, signedIn } from '../testing/console.js';
import { clearHash, hostedTimeline, opened } from '../testing/portal.js';
import './porch-console.js';

PorchPortal.define('porch-portal');

const buttonNamed = (root: Element, name: string) =>
  [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name)!;
const setValue = (el: HTMLElement | null, value: string, event = 'input') => {
  (el as HTMLInputElement).value = value;
  el!.dispatchEvent(new Event(event, { bubbles: true }));
};

/** The console signed in, on its Profiles screen once the list has loaded. */
async function profilesScreen(role: 'owner' | 'dispatcher' = 'owner') {
  const { el } = await signedIn(role);
  const profiles = inside(el, 'porch-console-profiles')!;
  await waitUntil(() => inside(profiles, 'ul'), 'profiles load', { timeout: 5000 });
  return profiles;
}

/** Opens the named profile, and (optionally) its texts' language; gives one of its parts. */
async function openPart(profiles: HTMLElement, name: string, tag: string, language?: string) {
  await waitUntil(
    () => [...profiles.shadowRoot!.querySelectorAll('ul button')].find((b) => b.textContent?.trim() === name),
    `${name} is listed`,
    { timeout: 5000 },
  );
  [...profiles.shadowRoot!.querySelectorAll<HTMLElement>('ul button')]
    .find((b) => b.textContent?.trim() === name)!
    .click();
  await waitUntil(() => inside(profiles, tag), 'the editor opens');
  if (language) setValue(inside(profiles, '#language'), language, 'change');
  const element = inside(profiles, tag)!;
  await waitUntil(() => inside(element, 'form'), `${tag} is ready`, { timeout: 5000 });
  return element;
}

describe('console: a profile’s portal, feedback, windows and life', () => {
  afterEach(() => {
    clearHash();
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
  });

  it('renames a status in German; a German portal shows the new name, and the standard German for the rest', async () => {
    const name = `Relabel ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name, statusLabels: { en: { received: 'Got it' } } });
    // Side by side: the whole test must fit the 10 s a test has.
    const [profiles, { api, session }] = await Promise.all([
      profilesScreen(),
      createSession({ profileId: profile.id, status: 'on_route' }),
    ]);
    const editor = await openPart(profiles, name, 'porch-console-profile-editor', 'de');
    await expect(editor).to.be.accessible();
    expect(text(editor)).to.include('Status names in Deutsch');
    setValue(inside(editor, '#status-on_route'), 'Unterwegs <b>zu Ihnen</b>');
    buttonNamed(editor, 'Save portal settings').click();
    await waitUntil(() => text(editor).includes('Portal settings saved.'), 'saved', { timeout: 5000 });
    expect((await admin('GET', `/profiles/${profile.id}`)).statusLabels).to.deep.equal({
      en: { received: 'Got it' },
      de: { on_route: 'Unterwegs <b>zu Ihnen</b>' },
    });

    const wrapper = await fixture(html`<div lang="de"><porch-portal api=${api} token=${session}></porch-portal></div>`);
    const portal = wrapper.querySelector<PorchPortal>('porch-portal')!;
    await opened(portal);
    const timeline = await hostedTimeline(portal);
    const labels = [...timeline.shadowRoot!.querySelectorAll('[part~=label]')].map((l) => l.textContent?.trim());
    expect(labels).to.include('Unterwegs <b>zu Ihnen</b>').and.include(de.timeline.status.received);
    expect(labels, 'never the English relabel').not.to.include('Got it');
    expect(timeline.shadowRoot!.querySelector('b'), 'the name is text, not markup').to.equal(null);
  });

  it('saves the sections, feedback switch and default language; a 400 shows next to its field', async () => {
    const name = `Modules ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name, modules: ['status', 'updates'] });
    const profiles = await profilesScreen();
    const editor = await openPart(profiles, name, 'porch-console-profile-editor');
    expect((inside(editor, '#module-updates') as HTMLInputElement).checked).to.equal(true);
    (inside(editor, '#module-updates') as HTMLInputElement).click();
    (inside(editor, '#module-messages') as HTMLInputElement).click();
    (inside(editor, '#feedback-enabled') as HTMLInputElement).checked = false;
    setValue(inside(editor, '#default-language'), 'de', 'change');
    buttonNamed(editor, 'Save portal settings').click();
    await waitUntil(() => text(editor).includes('Portal settings saved.'), 'saved', { timeout: 5000 });
    const stored = await admin('GET', `/profiles/${profile.id}`);
    expect([stored.modules, stored.feedbackEnabled, stored.language]).to.deep.equal([
      ['status', 'messages'],
      false,
      'de',
    ]);
  });

  it('words feedback questions and options per language, markup kept as text; a bad key shows at its field', async () => {
    const name = `Feedback ${Date.now()}`;
    const profile = await admin('POST', '/profiles', {
      name,
      feedbackQuestions: [{ id: 'on_time', kind: 'yes_no', label: { en: 'On time?' } }],
    });
    const profiles = await profilesScreen();
    const questions = await openPart(profiles, name, 'porch-console-feedback-questions', 'de');
    await expect(questions).to.be.accessible();
    setValue(inside(questions, '#q0-label'), 'Pünktlich <i>gewesen</i>?');
    buttonNamed(questions, 'Add a question').click();
    await (questions as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    setValue(inside(questions, '#q1-label'), 'Was hat gefallen?');
    setValue(inside(questions, '#q1-kind'), 'many', 'change');
    await (questions as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    setValue(inside(questions, '#q1-o0-label'), 'Sauber');
    setValue(inside(questions, '#q1-o1-label'), 'Freundlich');
    setValue(inside(questions, '#q1-id'), 'Bad Key!');
    buttonNamed(questions, 'Save feedback questions').click();
    await waitUntil(() => inside(questions, '[role=alert]'), 'the 400', { timeout: 5000 });
    expect(inside(questions, '#q1-id')!.getAttribute('aria-invalid')).to.equal('true');
    expect(inside(questions, '#q1-id-error')!.textContent).to.include('Lower-case letters');
    expect((await admin('GET', `/profiles/${profile.id}`)).feedbackQuestions).to.have.length(1);

    setValue(inside(questions, '#q1-id'), 'liked');
    buttonNamed(questions, 'Save feedback questions').click();
    await waitUntil(() => text(questions).includes('Feedback questions saved.'), 'saved', { timeout: 5000 });
    expect((await admin('GET', `/profiles/${profile.id}`)).feedbackQuestions).to.deep.equal([
      { id: 'on_time', kind: 'yes_no', label: { en: 'On time?', de: 'Pünktlich <i>gewesen</i>?' } },
      {
        id: 'liked',
        kind: 'many',
        label: { de: 'Was hat gefallen?' },
        options: [
          { id: 'option-1', label: { de: 'Sauber' } },
          { id: 'option-2', label: { de: 'Freundlich' } },
        ],
      },
    ]);
    expect(questions.shadowRoot!.querySelector('i'), 'the markup is text').to.equal(null);
  });

  it('refuses a window that ends before it starts, at that window, and changes nothing', async () => {
    const cal = await bookingCalendar({ settings: false });
    const windows = await openPart(await profilesScreen(), cal.skill, 'porch-console-booking-windows');
    await expect(windows).to.be.accessible();
    expect((inside(windows, '#window-1-end') as HTMLInputElement).value).to.equal('16:00');
    buttonNamed(windows, 'Add a window').click();
    await (windows as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    setValue(inside(windows, '#window-2-start'), '16:00');
    setValue(inside(windows, '#window-2-end'), '15:30');
    buttonNamed(windows, 'Save appointment windows').click();
    await waitUntil(() => inside(windows, '[role=alert]'), 'the 400', { timeout: 5000 });
    expect(inside(windows, '#window-2-error')!.textContent).to.include('must end after it starts');
    expect(inside(windows, '#window-2-end')!.getAttribute('aria-invalid')).to.equal('true');
    expect(inside(windows, '#window-0-end')!.getAttribute('aria-invalid'), 'only that window').to.equal('false');
    expect((await admin('GET', `/profiles/${cal.profileId}/booking`)).windows, 'nothing changed').to.have.length(2);
  });

  it('sets custom appointment windows; the portal’s slots follow', async () => {
    const cal = await bookingCalendar({ settings: false });
    // Side by side: the whole test must fit the 10 s a test has (slots are computed when read).
    const [profiles, ticket] = await Promise.all([profilesScreen(), cal.ticket()]);
    const windows = await openPart(profiles, cal.skill, 'porch-console-booking-windows');
    buttonNamed(windows, 'Add a window').click();
    await (windows as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    setValue(inside(windows, '#window-0-start'), '09:00');
    setValue(inside(windows, '#window-0-end'), '11:00');
    setValue(inside(windows, '#window-1-start'), '13:30');
    setValue(inside(windows, '#window-1-end'), '15:00');
    setValue(inside(windows, '#window-2-start'), '16:00');
    setValue(inside(windows, '#window-2-end'), '17:00');
    buttonNamed(windows, 'Save appointment windows').click();
    await waitUntil(() => text(windows).includes('Appointment windows saved.'), 'saved', { timeout: 5000 });

    const portal = await fixture<PorchPortal>(
      html`<porch-portal api=${ticket.api} token=${ticket.session}></porch-portal>`,
    );
    await opened(portal);
    const { calendar, date } = await firstAvailableDay(portal);
    const shown = calendar.shadowRoot!.querySelectorAll('[part~=slot]');
    const url = `${ticket.api}/v1/portal/tickets/${ticket.ticketId}/slots?date=${date}`;
    const slots = await (await fetch(url, { headers: { authorization: `Bearer ${ticket.session}` } })).json();
    const at = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: slots.timezone, timeStyle: 'short' }).format(new Date(iso));
    expect(slots.slots.map((s: { start: string; end: string }) => `${at(s.start)}–${at(s.end)}`)).to.deep.equal([
      '09:00–11:00',
      '13:30–15:00',
      '16:00–17:00',
    ]);
    expect(shown.length, 'the portal shows the three windows').to.equal(3);
  });

  it('creates a profile, assigns it to a new project, is refused its delete while in use, then deletes it', async () => {
    await setViewport({ width: 390, height: 800 });
    const name = `Short-lived ${Date.now()}`;
    const profiles = await profilesScreen();
    const create = inside(profiles, 'porch-console-profile-create')!;
    setValue(inside(create, '#new-name'), name);
    buttonNamed(create, 'Create profile').click();
    // The new profile is listed and opened.
    await waitUntil(() => inside(profiles, '#editing')?.textContent === name, 'the new profile is shown', {
      timeout: 5000,
    });
    const deleter = () => inside(profiles, 'porch-console-profile-delete')!;
    const created = (await admin('GET', '/profiles')).items.find((p: { name: string }) => p.name === name);

    const projects = inside(profiles, 'porch-console-projects')!;
    await waitUntil(() => inside(projects, 'form'), 'projects load', { timeout: 5000 });
    const project = `Project ${Date.now()}`;
    setValue(inside(projects, '#project-name'), project);
    setValue(inside(projects, '#project-profile'), created.id, 'change');
    buttonNamed(projects, 'Create project').click();
    await waitUntil(() => text(projects).includes(`Created project “${project}”.`), 'created', { timeout: 5000 });
    const stored = (await admin('GET', '/projects')).items.find((p: { name: string }) => p.name === project);
    expect(stored.profileId).to.equal(created.id);
    expect(inside(profiles, 'porch-console-projects'), 'a reload keeps the parts on screen').to.equal(projects);
    expect(document.documentElement.scrollWidth, 'fits 390 px').to.be.at.most(390);
    await expect(profiles).to.be.accessible();

    buttonNamed(deleter(), 'Delete this profile').click();
    await waitUntil(() => deleter().shadowRoot!.activeElement?.id === 'yes-delete', 'asks to confirm, focused there');
    inside(deleter(), '#yes-delete')!.click();
    await waitUntil(() => inside(deleter(), '[role=alert]'), 'the refusal', { timeout: 5000 });
    expect(inside(deleter(), '[role=alert]')!.textContent).to.include('CONFLICT').and.include('used by a project');
    expect((await admin('GET', `/profiles/${created.id}`)).name, 'still there').to.equal(name);

    setValue(inside(projects, `#project-${stored.id}`), '', 'change');
    await waitUntil(() => text(projects).includes('now uses the default profile'), 'moved', { timeout: 5000 });
    buttonNamed(deleter(), 'Delete this profile').click();
    await waitUntil(() => inside(deleter(), '#yes-delete'), 'asks to confirm');
    inside(deleter(), '#yes-delete')!.click();
    await waitUntil(() => !text(profiles).includes(name), 'no longer listed', { timeout: 5000 });
    const names = (await admin('GET', '/profiles')).items.map((p: { name: string }) => p.name);
    expect(names).not.to.include(name);
    await setViewport({ width: 800, height: 600 });
  });

  it('shows a dispatcher the API’s ROLE_FORBIDDEN on a save of the portal settings, and changes nothing', async () => {
    const name = `Dispatcher ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name, modules: ['status', 'updates'] });
    const profiles = await profilesScreen('dispatcher');
    const editor = await openPart(profiles, name, 'porch-console-profile-editor');
    (inside(editor, '#module-updates') as HTMLInputElement).click();
    buttonNamed(editor, 'Save portal settings').click();
    await waitUntil(() => inside(editor, '[role=alert]'), 'the refusal', { timeout: 5000 });
    expect(inside(editor, '[role=alert]')!.textContent).to.include('ROLE_FORBIDDEN');
    expect((await admin('GET', `/profiles/${profile.id}`)).modules).to.deep.equal(['status', 'updates']);
  });
});

/** Opens the Appointment tab and clicks the first available day, whose windows then show. */
async function firstAvailableDay(el: PorchPortal) {
  shadow(el).querySelectorAll<HTMLButtonElement>('[role=tab]')[1]!.click();
  const hosted = () => shadow(el).querySelector<PorchBookingCalendar>('[part~=panel] porch-booking-calendar');
  await waitUntil(() => hosted()?.shadowRoot?.querySelector('[part~=intro]'), 'no calendar', { timeout: 10000 });
  const calendar = hosted()!;
  const root = calendar.shadowRoot!;
  const available = () => root.querySelector<HTMLElement>('[data-state=available]');
  const checking = () => root.querySelector('[data-state=checking],[data-state=unchecked]');
  await waitUntil(() => !checking() && root.querySelector('[role=grid]'), 'days never checked', { timeout: 10000 });
  if (!available()) root.querySelectorAll<HTMLButtonElement>('[part~=nav]')[1]!.click();
  await waitUntil(() => available(), 'no available day', { timeout: 10000 });
  const date = available()!.dataset.date!;
  available()!.click();
  await waitUntil(() => root.querySelector('[part~=slot]'), 'no windows', { timeout: 10000 });
  return { calendar, date };
}
