import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './porch-console.js';
import type { PorchConsoleActions } from './console-actions.js';
import type { PorchConsole } from './porch-console.js';
import { admin as adminApi, control } from '../testing/fixtures.js';
import { inside, shadowText as text } from '../testing/console.js';

const button = (root: Element, label: string) =>
  [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === label)!;

async function openActions(role: 'owner' | 'admin' = 'owner') {
  const staff: { token: string } = await control('/staff', { role });
  history.replaceState(null, '', `${location.pathname}${location.search}#porch-staff=${staff.token}`);
  const el = await fixture<PorchConsole>(html`<porch-console></porch-console>`);
  await waitUntil(() => inside(el, 'nav'), 'the shell appears', { timeout: 10000 });
  button(el, 'Automated actions').click();
  await waitUntil(() => text(inside(el, 'porch-console-actions')).includes('New action'), 'actions load', {
    timeout: 5000,
  });
  return inside<PorchConsoleActions>(el, 'porch-console-actions')!;
}

/** Types into a field as a person would: the value, then the input event. */
async function type(actions: PorchConsoleActions, selector: string, value: string) {
  const field = inside<HTMLInputElement>(actions, selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input'));
  await actions.updateComplete;
}
async function choose(actions: PorchConsoleActions, selector: string, value: string) {
  const select = inside<HTMLSelectElement>(actions, selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await actions.updateComplete;
}
const issue = (actions: PorchConsoleActions, id: string) => inside(actions, `#${id}-issue`)!.textContent!.trim();
const actionsNamed = async (name: string) =>
  (await adminApi('GET', '/automated-actions')).items.filter((a: { name: string }) => a.name === name);

describe('porch-console-actions', function (this: { timeout(ms: number): void }) {
  // A test here is a dozen round trips and axe runs: more than the default 10 s when the machine is busy.
  this.timeout(30_000);
  afterEach(async () => {
    history.replaceState(null, '', location.pathname + location.search);
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
    await setViewport({ width: 800, height: 600 });
  });

  it('flags an unknown placeholder as it is typed and shows the server’s 400; fixed, it saves and previews two languages', async () => {
    const name = `Visit booked ${Date.now()}`;
    const actions = await openActions();
    button(actions, 'New action').click();
    await waitUntil(() => inside(actions, 'form'), 'the editor opens', { timeout: 10000 });
    await type(actions, '#action-name', name);
    await choose(actions, '#trigger', 'status_reached');
    await choose(actions, '#status', 'scheduling');
    await type(actions, '#en-subject', 'About {{ticket.title}}');
    await type(actions, '#en-body', 'Dear {{customer.nmae}}, see {{portal.link}}');
    // Inline, before anything is sent: the flag names the unknown one only, and the field says it is invalid.
    expect(issue(actions, 'en-body')).to.equal('Unknown placeholder {{customer.nmae}}');
    expect(issue(actions, 'en-subject')).to.equal('');
    expect(inside(actions, '#en-body')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(actions).to.be.accessible();

    inside(actions, 'button[type=submit]')!.click();
    await waitUntil(() => inside(actions, '[role=alert]'), 'the refusal', { timeout: 10000 });
    expect(inside(actions, '[role=alert]')!.textContent)
      .to.include('VALIDATION_FAILED')
      .and.include('json.templates.en.body');
    expect(await actionsNamed(name)).to.have.length(0);

    await type(actions, '#en-body', 'Dear {{customer.name}} <b>{{company.name}}</b>, see {{portal.link}}');
    expect(issue(actions, 'en-body')).to.equal('');
    expect(inside(actions, '#en-body')!.getAttribute('aria-invalid')).to.equal('false');
    await type(actions, '#de-subject', 'Zu {{ticket.status}}');
    await type(actions, '#de-body', 'Hallo {{customer.name}}, {{appointment.window}}');
    inside(actions, 'button[type=submit]')!.click();
    await waitUntil(() => text(actions).includes(`Saved “${name}”.`), 'saved', { timeout: 10000 });
    const [stored] = await actionsNamed(name);
    expect(stored.status).to.equal('scheduling');
    expect(stored.templates.de.body).to.equal('Hallo {{customer.name}}, {{appointment.window}}');

    button(actions, 'Preview').click();
    await waitUntil(() => inside(actions, '#preview-de'), 'the preview', { timeout: 10000 });
    const en = inside(actions, 'article[lang=en]')!;
    const de = inside(actions, 'article[lang=de]')!;
    expect(en.textContent).to.include('Subject: About HP LaserJet M404 jams on every page');
    // Markup in a template is text: shown as written, never made into elements.
    expect(en.querySelector('.preview')!.textContent).to.match(/^Dear Dana Miller <b>.+<\/b>, see https?:\/\/\S+$/);
    expect(en.querySelector('b')).to.equal(null);
    expect(de.textContent).to.include('Subject: Zu Terminplanung');
    expect(de.querySelector('.preview')!.textContent).to.match(/^Hallo Dana Miller, \S+, \d/);
    await expect(actions).to.be.accessible();
  });

  it('edits an action’s name and text, then deletes it after a confirmation', async () => {
    const name = `Dispatched info ${Date.now()}`;
    await adminApi('POST', '/automated-actions', {
      name,
      trigger: 'status_reached',
      status: 'dispatched',
      channel: 'info',
      templates: { en: { body: '{{technician.name}} is coming.' } },
    });
    const actions = await openActions('admin');
    button(actions, name).click();
    await waitUntil(() => inside(actions, 'form'), 'the editor opens', { timeout: 10000 });
    expect(inside(actions, '#en-subject')).to.equal(null); // an info has no subject
    expect(inside<HTMLTextAreaElement>(actions, '#en-body')!.value).to.equal('{{technician.name}} is coming.');
    await type(actions, '#action-name', `${name} (edited)`);
    await type(actions, '#en-body', '{{technician.name}} is on the way.');
    inside(actions, 'button[type=submit]')!.click();
    await waitUntil(() => text(actions).includes(`Saved “${name} (edited)”.`), 'saved', { timeout: 10000 });
    const [edited] = await actionsNamed(`${name} (edited)`);
    expect(edited.templates).to.deep.equal({ en: { body: '{{technician.name}} is on the way.' } });
    expect(edited.status).to.equal('dispatched');

    button(actions, 'Delete').click();
    await actions.updateComplete;
    expect(text(actions)).to.include(`Delete “${name} (edited)”?`);
    // Keeping it deletes nothing (the control for the deletion below).
    button(actions, 'Keep it').click();
    await actions.updateComplete;
    expect(await actionsNamed(`${name} (edited)`)).to.have.length(1);
    button(actions, 'Delete').click();
    await actions.updateComplete;
    button(actions, 'Delete for good').click();
    await waitUntil(() => text(actions).includes(`Deleted “${name} (edited)”.`), 'deleted', { timeout: 10000 });
    expect(await actionsNamed(`${name} (edited)`)).to.have.length(0);
    expect(inside(actions, 'form')).to.equal(null);
  });

  it('fits a 390 px screen with the editor and preview open', async () => {
    await setViewport({ width: 390, height: 800 });
    const actions = await openActions();
    button(actions, 'New action').click();
    await waitUntil(() => inside(actions, 'form'), 'the editor opens', { timeout: 10000 });
    await choose(actions, '#channel', 'sms');
    await type(actions, '#en-body', 'Your link: {{portal.link}} — a long text that has to wrap on a phone screen.');
    button(actions, 'Preview').click();
    await waitUntil(() => inside(actions, '#preview-en'), 'the preview', { timeout: 10000 });
    expect(inside(actions, 'article[lang=en]')!.textContent).to.not.include('Subject');
    expect(document.documentElement.scrollWidth).to.be.at.most(390);
    await expect(actions).to.be.accessible();
  });
});
