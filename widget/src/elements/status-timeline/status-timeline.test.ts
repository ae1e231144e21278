import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import {
  blockApi,
  createSession,
  documented,
  moveTicket,
  onPhone,
  overflowing,
  part,
  porchProperties,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
  wraps,
  unblockApi,
} from '../../testing/fixtures.js';
import { announced, currentLabel, loaded, steps, streamsOpen, timeline } from '../../testing/timeline.js';
import { PorchStatusTimeline } from './status-timeline.js';

PorchStatusTimeline.define('porch-status-timeline');

describe('<porch-status-timeline>', () => {
  afterEach(unblockApi);

  it('shows a busy loading state first', async () => {
    const { el } = await timeline();
    expect(part(el, 'loading')).to.exist.and.to.have.attribute('aria-busy', 'true');
    expect(text(part(el, 'loading'))).to.equal(en.timeline.loading);
    await expect(el).to.be.accessible();
    await loaded(el);
  });

  it('shows the seven statuses in order as done, current and upcoming', async () => {
    const { el } = await timeline({ status: 'dispatched' });
    await loaded(el);
    const items = steps(el);
    expect(items.map((li) => text(li.querySelector('[part~=label]')))).to.deep.equal(Object.values(en.timeline.status));
    expect(items.map((li) => li.className.replace('step', '').trim())).to.deep.equal([
      'done',
      'done',
      'current',
      'upcoming',
      'upcoming',
      'upcoming',
      'upcoming',
    ]);
    const current = items[2]!;
    expect(current).to.have.attribute('aria-current', 'step');
    expect(current.getAttribute('part')).to.equal('step step-current');
    expect(shadow(el).querySelectorAll('[aria-current]')).to.have.length(1);
    expect(text(items[0]!.querySelector('.visually-hidden'))).to.equal(`, ${en.timeline.state.done}`);
    expect(text(current.querySelector('.visually-hidden'))).to.equal(`, ${en.timeline.state.current}`);
    expect(text(items[6]!.querySelector('.visually-hidden'))).to.equal(`, ${en.timeline.state.upcoming}`);
    expect(shadow(el).querySelector('ol')).to.exist;
  });

  it("shows the times of done and current steps in the ticket's time zone", async () => {
    const timeZone = 'Asia/Kathmandu';
    const { el } = await timeline({ status: 'scheduling', timezone: timeZone });
    await loaded(el);
    const times = [...shadow(el).querySelectorAll('time')];
    expect(times.length).to.be.greaterThan(0);
    for (const time of times) {
      const at = new Date(time.dateTime);
      const inZone = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZone }).format(at);
      const inUtc = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(at);
      expect(text(time)).to.contain(inZone).and.not.contain(inUtc);
    }
    expect(
      steps(el)
        .filter((li) => li.classList.contains('upcoming'))
        .some((li) => li.querySelector('time')),
    ).to.equal(false);
  });

  it('shows the technician and the arrival window on the current step', async () => {
    const from = new Date(Date.now() + 3_600_000);
    from.setUTCMinutes(0, 0, 0);
    const to = new Date(from.getTime() + 2 * 3_600_000);
    const timeZone = 'America/New_York';
    const { el } = await timeline({
      status: 'on_route',
      technician: 'Sam',
      eta: { from: from.toISOString(), to: to.toISOString() },
      timezone: timeZone,
    });
    await loaded(el);
    // Under the title, above the steps: on a phone the arrival window shows without scrolling.
    const current = shadow(el).querySelector('header')!;
    expect(shadow(el).querySelector('[aria-current=step] [part~=eta]')).to.equal(null);
    expect(text(current.querySelector('[part~=technician]'))).to.equal(`${en.timeline.technician} Sam`);
    const hour = (date: Date) =>
      new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZone }).format(date);
    const eta = text(current.querySelector('[part~=eta]'));
    expect(eta)
      .to.match(/^Expected between .+ and .+$/)
      .and.contain(hour(from))
      .and.contain(hour(to));
  });

  it('speaks German inside lang="de"', async () => {
    const { api, session, ticketId } = await createSession({ status: 'on_route', technician: 'Sam' });
    const wrapper = await fixture(
      html`<div lang="de">
        <porch-status-timeline api=${api} token=${session} ticket-id=${ticketId}></porch-status-timeline>
      </div>`,
    );
    const el = wrapper.querySelector('porch-status-timeline')!;
    await loaded(el);
    expect(steps(el).map((li) => text(li.querySelector('[part~=label]')))).to.deep.equal(
      Object.values(de.timeline.status),
    );
    expect(text(part(el, 'technician'))).to.equal(`${de.timeline.technician} Sam`);
    await expect(el).to.be.accessible();
  });

  it('shows the empty state without a ticket', async () => {
    const { api, session } = await createSession();
    const el = await fixture<PorchStatusTimeline>(
      html`<porch-status-timeline api=${api} token=${session}></porch-status-timeline>`,
    );
    await loaded(el);
    expect(text(part(el, 'empty'))).to.equal(en.timeline.empty);
    await expect(el).to.be.accessible();
  });

  it('emits porch-error NOT_FOUND for a ticket outside the session', async () => {
    const other = await createSession();
    const { el, errors } = await timeline();
    el.ticketId = other.ticketId;
    await waitUntil(() => errors.length > 0);
    expect(errors).to.deep.equal(['NOT_FOUND']);
    await waitUntil(() => part(el, 'error'));
    expect(part(el, 'error')).to.have.attribute('role', 'alert');
  });

  it('emits porch-error NO_TOKEN without a session', async () => {
    const errors: string[] = [];
    const el = await fixture<PorchStatusTimeline>(
      html`<porch-status-timeline
        ticket-id="t1"
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-status-timeline>`,
    );
    await loaded(el);
    expect(errors).to.deep.equal(['NO_TOKEN']);
  });

  it('offers Retry after a network failure and recovers with it', async () => {
    const { api, session, ticketId } = await createSession({ status: 'received' });
    await blockApi(api);
    const errors: string[] = [];
    const el = await fixture<PorchStatusTimeline>(
      html`<porch-status-timeline
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-status-timeline>`,
    );
    await waitUntil(() => part(el, 'error'));
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    expect(text(part(el, 'error')?.querySelector('p') ?? null), 'it names the cause').to.equal(en.timeline.unreachable);
    await expect(el).to.be.accessible();

    await blockApi(api, false);
    part(el, 'error')!.querySelector('button')!.click();
    await waitUntil(() => part(el, 'base'), 'Retry did not recover');
    expect(part(el, 'error')).to.equal(null);
  });

  it('applies a live update without any reload and emits porch-status-changed', async () => {
    const { el, ticketId, changes } = await timeline({ status: 'dispatched' });
    await loaded(el);
    expect(changes, 'the first load is not a change').to.have.length(0);
    await streamsOpen(ticketId);

    const changed = oneEvent(el, 'porch-status-changed');
    await moveTicket(ticketId, { status: 'on_route', technician: { firstName: 'Sam' } });
    const { detail } = await changed;
    expect(detail).to.deep.equal({ ticketId, status: 'on_route', previous: 'dispatched' });

    await el.updateComplete;
    expect(currentLabel(el)).to.equal(en.timeline.status.on_route);
    expect(text(part(el, 'technician'))).to.equal(`${en.timeline.technician} Sam`);
    expect(announced(el)).to.equal(en.timeline.statusChanged(en.timeline.status.on_route));
    expect(changes).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('does not emit porch-status-changed when the status is unchanged', async () => {
    const { el, changes } = await timeline({ status: 'scheduling' });
    await loaded(el);
    await el.refresh();
    expect(changes).to.have.length(0);
  });

  it('is accessible when loaded', async () => {
    const { el } = await timeline({ status: 'onsite', technician: 'Sam' });
    await loaded(el);
    await expect(el).to.be.accessible();
  });

  it('fits a 320px wide column, wrapping its texts', async () => {
    await onPhone(async () => {
      const from = new Date(Date.now() + 3_600_000);
      const { api, session, ticketId } = await createSession({
        status: 'on_route',
        technician: 'Maximilian',
        eta: { from: from.toISOString(), to: new Date(from.getTime() + 7_200_000).toISOString() },
        title: 'Farblaserdruckerwartungsvertrag: paper jams in tray 2 after every few pages',
      });
      const wrapper = await fixture(
        html`<div style="width: 320px">
          <porch-status-timeline api=${api} token=${session} ticket-id=${ticketId}></porch-status-timeline>
        </div>`,
      );
      const el = wrapper.querySelector('porch-status-timeline')!;
      await loaded(el);
      expect(el.getBoundingClientRect().width).to.equal(320);
      expect(overflowing(el)).to.deep.equal([]);
      expect(wraps(part(el, 'title')!), 'the title wraps').to.equal(true);
      expect(wraps(part(el, 'eta')!), 'the arrival window wraps').to.equal(true);
    });
  });

  it('renders every documented part when loaded, and documents every part it renders', async () => {
    const { parts } = await documented('elements/status-timeline/status-timeline.ts');
    const from = new Date(Date.now() + 3_600_000);
    const { el } = await timeline({
      status: 'on_route',
      technician: 'Sam',
      eta: { from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() },
    });
    await loaded(el);
    // Each of these shows only in a state of its own, asserted in this file, the live and approach test files or
    // internal/clock.test.ts (the booked visit).
    const otherStates = ['empty', 'error', 'loading', 'status', 'hold', 'map', 'marker', 'visit', 'visit-problem'];
    expect(renderedParts(el)).to.deep.equal(parts.filter((name) => !otherStates.includes(name)));
  });

  it('documents exactly the --porch-* properties its styles read', async () => {
    const { properties } = await documented('elements/status-timeline/status-timeline.ts');
    expect(porchProperties(PorchStatusTimeline.styles)).to.deep.equal(properties);
  });

  it('follows --porch-color-primary and --porch-radius set on the host', async () => {
    const { el } = await timeline({ status: 'dispatched' });
    await loaded(el);
    el.style.setProperty('--porch-color-primary', 'rgb(124, 58, 237)');
    el.style.setProperty('--porch-radius', '2px');
    const current = part(el, 'step-current')!;
    expect(getComputedStyle(current).borderTopLeftRadius).to.equal('2px');
    expect(getComputedStyle(current.querySelector('.dot')!).borderTopColor).to.equal('rgb(124, 58, 237)');
    expect(getComputedStyle(steps(el)[0]!.querySelector('.dot')!).backgroundColor, 'a done dot').to.equal(
      'rgb(124, 58, 237)',
    );
  });

  it('defines every private token it uses, and uses every one it defines', () => {
    expect(privateTokenProblems(PorchStatusTimeline.styles)).to.deep.equal([]);
  });
});
