import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PorchBookingCalendar } from '../elements/booking-calendar/booking-calendar.js';
import { PorchJobList } from '../elements/job-list/job-list.js';
import { PorchResolution } from '../elements/resolution/resolution.js';
import { PorchShareLinks } from '../elements/share-links/share-links.js';
import { PorchStatusTimeline } from '../elements/status-timeline/status-timeline.js';
import { PorchTicketInfos } from '../elements/ticket-infos/ticket-infos.js';
import { en } from '../i18n/en.js';
import { bookingCalendar, nextMonthWeekdays, setParts } from '../testing/booking.js';
import {
  addInfo,
  createSession,
  inZone,
  moveTicket,
  part,
  portalCall,
  shadow,
  text,
  zoneName,
} from '../testing/fixtures.js';
import { SiteClock } from './clock.js';

PorchStatusTimeline.define('porch-status-timeline');
PorchTicketInfos.define('porch-ticket-infos');
PorchShareLinks.define('porch-share-links');
PorchResolution.define('porch-resolution');
PorchBookingCalendar.define('porch-booking-calendar');
PorchJobList.define('porch-job-list');

const TOKYO = 'Asia/Tokyo';
const BERLIN = 'Europe/Berlin';
const times = (el: Element) => [...shadow(el).querySelectorAll('time')].map(text);

/** One Berlin ticket with an update, a share link and the customer's "resolved", every element on it. */
async function everyElement() {
  const { api, session, ticketId } = await createSession({ status: 'dispatched', timezone: BERLIN });
  await addInfo(ticketId, 'Parts ordered', 3600);
  expect((await portalCall(api, 'POST', `/v1/portal/tickets/${ticketId}/share-links`, session, {})).status).to.equal(
    201,
  );
  expect((await portalCall(api, 'POST', `/v1/portal/tickets/${ticketId}/resolve`, session, {})).status).to.equal(201);
  const wrapper = await fixture(
    html`<div lang="en">
      <porch-status-timeline api=${api} token=${session} ticket-id=${ticketId}></porch-status-timeline>
      <porch-ticket-infos api=${api} token=${session} ticket-id=${ticketId}></porch-ticket-infos>
      <porch-share-links api=${api} token=${session} ticket-id=${ticketId} open></porch-share-links>
      <porch-resolution api=${api} token=${session} ticket-id=${ticketId}></porch-resolution>
    </div>`,
  );
  const [timeline, infos, share, resolution] = [...wrapper.children] as HTMLElement[];
  await waitUntil(
    () =>
      part(timeline!, 'base') &&
      part(infos!, 'base') &&
      shadow(share!).querySelector('[part~=link]') &&
      part(resolution!, 'resolved'),
    'not everything loaded',
    { timeout: 10000 },
  );
  return {
    timeline: times(timeline!),
    infos: times(infos!),
    share: times(share!),
    resolution: [text(part(resolution!, 'resolved'))],
  };
}

describe('one clock: site times, named when the viewer is elsewhere', () => {
  it('a viewer in Tokyo reads every time of a Berlin ticket in Berlin time, each named; a viewer in Berlin reads them bare', async () => {
    const name = zoneName(BERLIN);
    await inZone(TOKYO, async () => {
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone, 'the browser is in Tokyo').to.equal(TOKYO);
      const shown = await everyElement();
      for (const [element, list] of Object.entries(shown)) {
        expect(list, element).to.not.be.empty;
        for (const time of list) expect(time, element).to.contain(name);
      }
    });
    await inZone(BERLIN, async () => {
      const shown = await everyElement();
      for (const [element, list] of Object.entries(shown)) {
        expect(list, element).to.not.be.empty;
        for (const time of list) {
          expect(time, element).to.match(/\d/);
          expect(time, element).to.not.contain(name);
        }
      }
    });
  });

  it('the Status tab shows the booked visit in site time, named for a viewer elsewhere, and flags one whose parts moved', async () => {
    const cal = await bookingCalendar();
    const ticket = await cal.ticket();
    const days = nextMonthWeekdays();
    const booked = await cal.book(ticket, days[10]!, 1);
    expect(booked.status).to.equal(200);
    const { appointment } = (await booked.json()) as { appointment: { start: string; end: string } };
    const mount = async () => {
      const el = await fixture<PorchStatusTimeline>(
        html`<porch-status-timeline
          lang="en"
          api=${ticket.api}
          token=${ticket.session}
          ticket-id=${ticket.ticketId}
        ></porch-status-timeline>`,
      );
      await waitUntil(() => part(el, 'base'), 'the timeline never loaded');
      return el;
    };
    await inZone(TOKYO, async () => {
      const el = await mount();
      const clock = new SiteClock('en', BERLIN);
      expect(text(part(el, 'visit'))).to.equal(
        en.timeline.visit(
          `${clock.day(days[10]!, { weekday: 'short', day: 'numeric', month: 'short' })}, ${clock.range(appointment.start, appointment.end)}`,
        ),
      );
      expect(text(part(el, 'visit'))).to.contain(zoneName(BERLIN));
      expect(part(el, 'visit-problem'), 'still possible').to.equal(null);
      await expect(el).to.be.accessible();
    });
    await setParts(ticket.ticketId, days[12]!, days[14]!);
    const el = await mount();
    expect(text(part(el, 'visit-problem'))).to.equal(en.timeline.visitProblem.parts);
    expect(text(part(el, 'visit')), 'the visit still shows, flagged').to.contain(en.timeline.visit(''));
    await expect(el).to.be.accessible();
  });

  it('the job list shows a booked visit in site time, named for a viewer elsewhere', async () => {
    const cal = await bookingCalendar();
    const ticket = await cal.ticket();
    const day = nextMonthWeekdays()[11]!;
    const booked = await cal.book(ticket, day, 0);
    expect(booked.status).to.equal(200);
    const { appointment } = (await booked.json()) as { appointment: { start: string; end: string } };
    // A customer-wide session for the ticket's customer, as a login link opens it.
    const admin = async <T>(method: string, path: string, body?: unknown) =>
      (await (
        await fetch('/__fixtures/admin', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method, path, body }),
        })
      ).json()) as T;
    const { customer } = await admin<{ customer: { id: string } }>('GET', `/tickets/${ticket.ticketId}`);
    const { token } = await admin<{ token: string }>('POST', `/customers/${customer.id}/login-links`, {});
    const { body } = await portalCall<{ session: string }>(ticket.api, 'POST', '/v1/portal/session', undefined, {
      token,
    });
    const clock = new SiteClock('en', BERLIN);
    await inZone(TOKYO, async () => {
      const el = await fixture<PorchJobList>(
        html`<porch-job-list lang="en" api=${ticket.api} token=${body.session}></porch-job-list>`,
      );
      const visit = `${clock.format(appointment.start, { weekday: 'short', day: 'numeric', month: 'short' })}, ${clock.range(appointment.start, appointment.end)}`;
      await waitUntil(
        () => (shadow(el).textContent ?? '').replace(/\s+/g, ' ').includes(en.jobList.window(visit)),
        'the visit never showed',
        {
          timeout: 10000,
        },
      );
      expect(visit).to.contain(zoneName(BERLIN));
    });
  });

  it('the Status tab gives way to the arrival window: once the technician gives one, the booked visit no longer shows', async () => {
    const cal = await bookingCalendar();
    const ticket = await cal.ticket();
    expect((await cal.book(ticket, nextMonthWeekdays()[12]!, 0)).status).to.equal(200);
    const mount = async () => {
      const el = await fixture<PorchStatusTimeline>(
        html`<porch-status-timeline
          lang="en"
          api=${ticket.api}
          token=${ticket.session}
          ticket-id=${ticket.ticketId}
        ></porch-status-timeline>`,
      );
      await waitUntil(() => part(el, 'base'), 'the timeline never loaded');
      return el;
    };
    expect(part(await mount(), 'visit'), 'booked, no arrival window yet').to.exist;
    const from = new Date(Date.now() + 30 * 60_000);
    await moveTicket(ticket.ticketId, {
      status: 'on_route',
      technician: { firstName: 'Sam' },
      eta: { from: from.toISOString(), to: new Date(from.getTime() + 30 * 60_000).toISOString() },
    });
    const el = await mount();
    expect(part(el, 'eta')).to.exist;
    expect(part(el, 'visit'), 'an arrival window today never sits beside another day’s visit').to.equal(null);
  });
});
