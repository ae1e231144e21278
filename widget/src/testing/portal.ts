/** Helpers shared by the `<porch-portal>` test files. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { PorchPortal } from '../elements/portal/portal.js';
import type { PorchStatusTimeline } from '../elements/status-timeline/status-timeline.js';
import type { PorchErrorEvent } from '../events/error.js';
import type { PorchSessionEvent } from '../events/session.js';
import { part, shadow } from './fixtures.js';

/** Renders a portal the way a customer arrives: with `#porch=<token>` in the address. */
export async function portalFromLink(api: string, token: string, session?: string) {
  location.hash = `porch=${token}`;
  const errors: string[] = [];
  const sessions: PorchSessionEvent['detail'][] = [];
  const el = await fixture<PorchPortal>(
    html`<porch-portal
      api=${api}
      token=${ifDefined(session)}
      @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      @porch-session=${(e: PorchSessionEvent) => sessions.push(e.detail)}
    ></porch-portal>`,
  );
  return { el, errors, sessions };
}

export const opened = (el: PorchPortal) =>
  waitUntil(() => part(el, 'salutation') ?? part(el, 'error'), 'the portal never opened', { timeout: 5000 });

/**
 * The timeline the portal hosts, once it has loaded. A customer-wide session shows its job list first: then the
 * first active job is opened, as the customer would.
 */
export async function hostedTimeline(el: PorchPortal): Promise<PorchStatusTimeline> {
  await waitUntil(
    () => shadow(el).querySelector('porch-status-timeline, porch-job-list'),
    'the portal shows neither a timeline nor a job list',
  );
  const list = shadow(el).querySelector('porch-job-list');
  if (list) {
    await waitUntil(() => part(list, 'job'), 'the job list never showed a job', { timeout: 5000 });
    part(list, 'job')!.click();
    await waitUntil(() => shadow(el).querySelector('porch-status-timeline'), 'the chosen job never opened');
  }
  const timeline = shadow(el).querySelector<PorchStatusTimeline>('porch-status-timeline');
  expect(timeline, 'the portal hosts a timeline').to.exist;
  await waitUntil(() => part(timeline!, 'base'), 'the hosted timeline never loaded');
  return timeline!;
}

/**
 * Sets the address back to the test page, without a fragment, and forgets the sessions portals stored in this tab
 * (each test opens its own).
 */
export const clearHash = () => {
  history.replaceState(null, '', location.pathname + location.search);
  sessionStorage.clear();
  localStorage.clear();
};
