/** Helpers shared by the `<porch-status-timeline>` test files. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchStatusTimeline } from '../elements/status-timeline/status-timeline.js';
import type { PorchErrorEvent } from '../events/error.js';
import type { PorchStatusChangedEvent } from '../events/status-changed.js';
import { createSession, part, shadow, streamsOf, text, type TicketSetup } from './fixtures.js';

export const loaded = (el: PorchStatusTimeline) =>
  waitUntil(
    () => part(el, 'base') ?? part(el, 'empty') ?? part(el, 'error'),
    'the timeline never left its loading state',
  );

/** A standalone timeline of a new ticket, with the codes of its `porch-error`s and its `porch-status-changed`s. */
export async function timeline(setup: TicketSetup = {}, wrapperLang?: string) {
  const { api, session, ticketId } = await createSession(setup);
  const errors: string[] = [];
  const changes: PorchStatusChangedEvent['detail'][] = [];
  const element = html`<porch-status-timeline
    api=${api}
    token=${session}
    ticket-id=${ticketId}
    @porch-error=${(event: PorchErrorEvent) => errors.push(event.detail.code)}
    @porch-status-changed=${(event: PorchStatusChangedEvent) => changes.push(event.detail)}
  ></porch-status-timeline>`;
  const el = wrapperLang
    ? (await fixture(html`<div lang=${wrapperLang}>${element}</div>`)).querySelector('porch-status-timeline')!
    : await fixture<PorchStatusTimeline>(element);
  return { el, api, session, ticketId, errors, changes };
}

export const steps = (el: PorchStatusTimeline) => [...shadow(el).querySelectorAll('li')];

/** The label of the current step. */
export const currentLabel = (el: PorchStatusTimeline) =>
  text(shadow(el).querySelector('[aria-current=step] [part~=label]'));

/** What the polite live region says. */
export const announced = (el: PorchStatusTimeline) => text(shadow(el).querySelector('[role=status]'));

/** Waits until the API has exactly `count` open event streams of the ticket. */
export const streamsOpen = (ticketId: string, count = 1) =>
  waitUntil(
    async () => (await streamsOf(ticketId)).open === count,
    `the API never had ${count} open stream(s) of the ticket`,
    {
      timeout: 5000,
    },
  );
