import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PorchBookedEvent } from '../../events/booked.js';
import type { PorchJobSelectedEvent } from '../../events/job-selected.js';
import { en } from '../../i18n/en.js';
import { bookingCalendar, nextMonthWeekdays, type Calendar } from '../../testing/booking.js';
import {
  admin,
  createSession,
  documented,
  moveTicket,
  onPhone,
  overflowing,
  part,
  portalCall,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
} from '../../testing/fixtures.js';
import { clearHash, opened } from '../../testing/portal.js';
import type { PorchBookingCalendar } from '../booking-calendar/booking-calendar.js';
import { PorchPortal } from '../portal/portal.js';
import { PorchJobList } from './job-list.js';

PorchJobList.define('porch-job-list');
PorchPortal.define('porch-portal');
const t = en.jobList;

interface Customer {
  api: string;
  /** Received, onsite (Erik), completed — created in that order. */
  jobs: { id: string; title: string }[];
  /** A login link for the customer, unredeemed. */
  loginLink(): Promise<string>;
  /** A redeemed customer-wide session. */
  session(): Promise<string>;
  /** Another job of the customer. */
  add(title: string): Promise<string>;
}

/** A customer with three jobs: one received, one onsite with a technician, one completed. */
async function customerWithThreeJobs(extra: Record<string, unknown> = {}): Promise<Customer> {
  const { api } = await createSession();
  const ref = `jobs-${crypto.randomUUID()}`;
  const create = (title: string, externalRef: string) =>
    admin<{ id: string; customer: { id: string } }>('POST', '/tickets', {
      title,
      externalRef,
      customer: { name: 'Dana Miller', email: `${ref}@example.com`, externalRef: ref },
      location: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', timezone: 'Europe/Berlin' },
      ...extra,
    });
  const suffix = ref.slice(-6);
  const received = await create('Toner smears', `R-${suffix}-1`);
  const onsite = await create('Paper jam', `R-${suffix}-2`);
  const done = await create('Fuser noise', `R-${suffix}-3`);
  await moveTicket(onsite.id, { status: 'onsite', technician: { firstName: 'Erik' } });
  await moveTicket(done.id, { status: 'completed' });
  const loginLink = async () =>
    (await admin<{ token: string }>('POST', `/customers/${received.customer.id}/login-links`, {})).token;
  return {
    api,
    jobs: [
      { id: received.id, title: 'Toner smears' },
      { id: onsite.id, title: 'Paper jam' },
      { id: done.id, title: 'Fuser noise' },
    ],
    loginLink,
    add: async (title) => (await create(title, `R-${crypto.randomUUID()}`)).id,
    session: async () => {
      const res = await portalCall<{ session: string }>(api, 'POST', '/v1/portal/session', undefined, {
        token: await loginLink(),
      });
      return res.body.session;
    },
  };
}

async function jobList(api: string, session: string) {
  const errors: string[] = [];
  const el = await fixture<PorchJobList>(
    html`<porch-job-list
      api=${api}
      token=${session}
      @porch-error=${(e: CustomEvent<{ code: string }>) => errors.push(e.detail.code)}
    ></porch-job-list>`,
  );
  await waitUntil(() => part(el, 'section') ?? part(el, 'error'), 'the list never loaded');
  return { el, errors };
}

const titles = (el: Element, section: 'active' | 'history') =>
  [...shadow(el).querySelectorAll(`[aria-labelledby=${section}] [part~=job] .title`)].map((node) => text(node));

describe('<porch-job-list>', () => {
  let customer: Customer;
  before(async () => {
    customer = await customerWithThreeJobs();
  });

  it('shows two active jobs, in progress first, and the completed one in the history; accessible', async () => {
    const { el, errors } = await jobList(customer.api, await customer.session());
    expect(titles(el, 'active')).to.deep.equal(['Paper jam', 'Toner smears']);
    expect(titles(el, 'history')).to.deep.equal(['Fuser noise']);
    const first = shadow(el).querySelector('[aria-labelledby=active] [part~=job]')!;
    expect(text(first))
      .to.contain(en.timeline.status.onsite)
      .and.contain(t.technician('Erik'))
      .and.contain('Hauptstr. 1')
      .and.match(/updated (now|this minute|\d+ min\. ago)/);
    expect(text(shadow(el).querySelector('[aria-labelledby=history] [part~=job]'))).to.contain('Completed on');
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('emits porch-job-selected from a card, by keyboard too', async () => {
    const { el } = await jobList(customer.api, await customer.session());
    const card = shadow(el).querySelector<HTMLButtonElement>('[aria-labelledby=active] [part~=job]')!;
    expect(card.localName, 'a real button: focusable, Enter and Space work').to.equal('button');
    const selected = oneEvent(el, 'porch-job-selected') as Promise<PorchJobSelectedEvent>;
    card.click();
    expect((await selected).detail.jobId).to.equal(customer.jobs[1]!.id);
  });

  it('moves a card live when its job changes status, without a reload', async () => {
    const own = await customerWithThreeJobs();
    const { el } = await jobList(own.api, await own.session());
    expect(titles(el, 'active')).to.deep.equal(['Paper jam', 'Toner smears']);
    await moveTicket(own.jobs[0]!.id, { status: 'completed' });
    await waitUntil(() => titles(el, 'history').length === 2, 'the completed job never moved', { timeout: 10000 });
    expect(titles(el, 'active')).to.deep.equal(['Paper jam']);
    expect(titles(el, 'history')).to.deep.equal(['Toner smears', 'Fuser noise']);
  });

  it('searches on the server and highlights the match; says when nothing matches; accessible', async () => {
    const { el } = await jobList(customer.api, await customer.session());
    const search = async (term: string) => {
      shadow(el).querySelector<HTMLInputElement>('input[name=q]')!.value = term;
      shadow(el).querySelector<HTMLButtonElement>('[part~=search] button[type=submit]')!.click();
      await el.updateComplete;
      await waitUntil(() => part(el, 'section'), 'the search never answered');
    };
    await search('erik');
    await waitUntil(() => titles(el, 'active').length === 1, 'the search did not narrow the list');
    expect(titles(el, 'active')).to.deep.equal(['Paper jam']);
    expect(text(part(el, 'match'))).to.equal('Erik');
    await search('no such thing anywhere');
    await waitUntil(() => titles(el, 'active').length === 0);
    expect(text(part(el, 'empty'))).to.equal(t.noMatches);
    await expect(el).to.be.accessible();
    await search('ab');
    expect(text(shadow(el).querySelector('#q-hint'))).to.equal(t.searchTooShort);
  });

  it('shows the error state with Retry and emits porch-error; accessible', async () => {
    const { el, errors } = await jobList(customer.api, 'not-a-session');
    expect(text(part(el, 'error')))
      .to.contain(t.loadFailed)
      .and.contain(t.retry);
    expect(errors).to.deep.equal(['SESSION_INVALID']);
    await expect(el).to.be.accessible();
  });

  it('shows the loading state accessibly', async () => {
    const session = await customer.session();
    const el = await fixture<PorchJobList>(
      html`<porch-job-list api=${customer.api} token=${session}></porch-job-list>`,
    );
    expect(part(el, 'loading'), 'the first render, before the lists arrive').to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows empty lists with their own words', async () => {
    const { api, session } = await createSession();
    const { el } = await jobList(api, session);
    await waitUntil(() => shadow(el).querySelectorAll('[part~=empty]').length === 1, 'no empty history');
    expect(text(part(el, 'empty'))).to.equal(t.noHistory);
    await expect(el).to.be.accessible();
  });

  it('pages the history with "Show more" and fits 320 px', async () => {
    const many = await customerWithThreeJobs();
    // 20 more completed jobs, 21 in all: the first page holds 20.
    for (let i = 0; i < 20; i++) await moveTicket(await many.add(`Old job ${i}`), { status: 'completed' });
    await onPhone(async () => {
      const { el } = await jobList(many.api, await many.session());
      expect(titles(el, 'history')).to.have.length(20);
      expect(overflowing(el).slice(0, 4)).to.deep.equal([]);
      const more = part(el, 'more') as HTMLButtonElement;
      more.focus();
      expect(shadow(el).activeElement, 'Show more takes the keyboard focus').to.equal(more);
      more.click();
      await waitUntil(() => titles(el, 'history').length === 21, 'Show more never added the last one', {
        timeout: 5000,
      });
      expect(titles(el, 'history').at(-1)).to.equal('Fuser noise');
      expect(part(el, 'more')).to.equal(null);
    });
  });

  it('pages the active jobs with their own "Show more", and keeps the history’s button apart', async () => {
    const many = await customerWithThreeJobs();
    // 19 more received jobs, 21 active in all: the first page holds 20.
    for (let i = 0; i < 19; i++) await many.add(`Open job ${i}`);
    const { el } = await jobList(many.api, await many.session());
    await waitUntil(() => titles(el, 'active').length === 20, 'the first page of active jobs never showed');
    const section = shadow(el).querySelector('#active')!.closest('section')!;
    const more = section.querySelector<HTMLButtonElement>('[part~=more]')!;
    expect(more, 'Show more under the active jobs').to.exist;
    expect(shadow(el).querySelectorAll('[part~=more]'), 'none under a one-page history').to.have.length(1);
    more.click();
    await waitUntil(() => titles(el, 'active').length === 21, 'Show more never added the last active job', {
      timeout: 5000,
    });
    expect(new Set(titles(el, 'active')).size, 'each job once').to.equal(21);
    expect(section.querySelector('[part~=more]'), 'no button after the last page').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('documents every part it renders and its private tokens are all used', async () => {
    const { parts } = await documented('elements/job-list/job-list.ts');
    const { el } = await jobList(customer.api, await customer.session());
    for (const name of renderedParts(el)) expect(parts, name).to.include(name);
    expect(privateTokenProblems(PorchJobList.styles)).to.deep.equal([]);
  });
});

describe('<porch-portal> customer-wide', () => {
  let cal: Calendar;
  before(async () => {
    cal = await bookingCalendar();
  });
  afterEach(() => clearHash());

  it('opens the job list with a login link, books the second job’s visit from its job view, and goes back', async () => {
    const customer = await customerWithThreeJobs({ profileId: cal.profileId, skills: [cal.skill] });
    location.hash = `porch=${await customer.loginLink()}`;
    const el = await fixture<PorchPortal>(html`<porch-portal api=${customer.api}></porch-portal>`);
    await opened(el);
    await waitUntil(() => shadow(el).querySelector('porch-job-list'), 'no job list');
    const list = shadow(el).querySelector<PorchJobList>('porch-job-list');
    await waitUntil(() => part(list!, 'section'), 'the job list never loaded');
    expect(titles(list!, 'active')).to.deep.equal(['Paper jam', 'Toner smears']);
    await expect(el).to.be.accessible();

    shadow(list!).querySelectorAll<HTMLButtonElement>('[aria-labelledby=active] [part~=job]')[1]!.click();
    const second = customer.jobs[0]!.id;
    await waitUntil(() => part(el, 'job-title'), 'the job view never opened');
    expect(location.hash).to.equal(`#porch-job=${second}`);
    expect(text(part(el, 'job-title'))).to.equal('Toner smears');
    const tabs = [...shadow(el).querySelectorAll('[role=tab]')].map((tab) => text(tab));
    expect(tabs).to.deep.equal([en.portal.tabs.track, en.portal.tabs.book]);
    expect(shadow(el).querySelector('porch-ticket-infos'), 'the profile offers updates').to.exist;
    await expect(el).to.be.accessible();

    shadow(el).querySelector<HTMLButtonElement>('#tab-book')!.click();
    // The tab's element loads when the tab is chosen.
    await waitUntil(() => shadow(el).querySelector('porch-booking-calendar')?.shadowRoot, 'no calendar');
    const c = shadow(el).querySelector<PorchBookingCalendar>('porch-booking-calendar')!;
    const settled = () =>
      waitUntil(
        () =>
          shadow(c).querySelector('[role=grid]') &&
          shadow(c).querySelectorAll('[data-state=checking],[data-state=unchecked]').length === 0,
        'days never finished checking',
        { timeout: 10000 },
      );
    await settled();
    shadow(c).querySelectorAll<HTMLButtonElement>('[part~=nav]')[1]!.click();
    await c.updateComplete;
    await settled();
    const day = nextMonthWeekdays()[6]!;
    shadow(c).querySelector<HTMLElement>(`[data-date="${day}"]`)!.click();
    await c.updateComplete;
    await waitUntil(() => part(c, 'slots') && !part(c, 'slots')!.hasAttribute('aria-busy'), 'no windows');
    shadow(c).querySelector<HTMLInputElement>('[part~=slot] input')!.click();
    await c.updateComplete;
    part(c, 'confirm')!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await c.updateComplete;
    const booked = oneEvent(el, 'porch-booked') as Promise<PorchBookedEvent>;
    (part(c, 'book') as HTMLButtonElement).click();
    const { detail } = await booked;
    expect(detail.ticketId).to.equal(second);
    expect(detail.appointment.date).to.equal(day);

    (part(el, 'back') as HTMLButtonElement).click();
    await waitUntil(() => shadow(el).querySelector('porch-job-list'), 'not back at the list');
    expect(location.hash).to.equal('');
  });

  it('shows only the sections the job’s profile offers: no updates, no appointment', async () => {
    const profile = await admin<{ id: string }>('POST', '/profiles', {
      name: `status-only-${crypto.randomUUID()}`,
      mode: 'tracking+booking',
      modules: ['status', 'share'],
    });
    const customer = await customerWithThreeJobs({ profileId: profile.id });
    location.hash = `porch=${await customer.loginLink()}&porch-job=${customer.jobs[0]!.id}`;
    const el = await fixture<PorchPortal>(html`<porch-portal api=${customer.api}></porch-portal>`);
    await opened(el);
    await waitUntil(() => part(el, 'job-title'), 'the job view never opened');
    await waitUntil(() => shadow(el).querySelector('porch-share-links'), 'the share module shows its panel');
    expect(part(el, 'tabs'), 'one section: no tab bar, no Appointment').to.equal(null);
    expect(shadow(el).querySelector('porch-ticket-infos')).to.equal(null);
    expect(shadow(el).querySelector('porch-status-timeline')).to.exist;
  });

  it('another customer’s job id in the address shows an error, not the job', async () => {
    const customer = await customerWithThreeJobs();
    const other = await customerWithThreeJobs();
    location.hash = `porch=${await customer.loginLink()}&porch-job=${other.jobs[0]!.id}`;
    const errors: string[] = [];
    const el = await fixture<PorchPortal>(
      html`<porch-portal
        api=${customer.api}
        @porch-error=${(e: CustomEvent<{ code: string }>) => errors.push(e.detail.code)}
      ></porch-portal>`,
    );
    await opened(el);
    await waitUntil(() => part(el, 'error'), 'no error for a foreign job');
    expect(errors).to.deep.equal(['NOT_FOUND']);
    expect(part(el, 'job-title')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('fits 320 px: the job list inside the portal overflows nothing', async () => {
    const customer = await customerWithThreeJobs();
    location.hash = `porch=${await customer.loginLink()}`;
    await onPhone(async () => {
      const el = await fixture<PorchPortal>(html`<porch-portal api=${customer.api}></porch-portal>`);
      await opened(el);
      await waitUntil(() => shadow(el).querySelector('porch-job-list'), 'no job list');
      const list = shadow(el).querySelector<PorchJobList>('porch-job-list');
      await waitUntil(() => part(list!, 'section'), 'the job list never loaded');
      expect(overflowing(el)).to.deep.equal([]);
      expect(overflowing(list!)).to.deep.equal([]);
    });
  });
});
