/** Helpers shared by the `<porch-share-links>` test files. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { ErrorEnvelope, PortalSession, PortalShareLinkCreated } from '../api/types.js';
import type { PorchShareLinks } from '../elements/share-links/share-links.js';
import type { PorchErrorEvent } from '../events/error.js';
import type { PorchShareCreatedEvent } from '../events/share-created.js';
import type { PorchShareRevokedEvent } from '../events/share-revoked.js';
import { createSession, part, portalCall, shadow, text } from './fixtures.js';

export const sharePath = (ticketId: string) => `/v1/portal/tickets/${ticketId}/share-links`;

/** A standalone element on a fresh ticket's session, recording its events. */
export async function shareLinks({ open = true, lang }: { open?: boolean; lang?: string } = {}) {
  const { api, session, ticketId } = await createSession();
  const created: PorchShareCreatedEvent['detail'][] = [];
  const revoked: PorchShareRevokedEvent['detail'][] = [];
  const errors: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang ?? 'en'}>
      <porch-share-links
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        ?open=${open}
        @porch-share-created=${(e: PorchShareCreatedEvent) => created.push(e.detail)}
        @porch-share-revoked=${(e: PorchShareRevokedEvent) => revoked.push(e.detail)}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-share-links>
    </div>`,
  );
  const el = wrapper.querySelector('porch-share-links')!;
  return { el, api, session, ticketId, created, revoked, errors };
}

/** Waits until the open panel's list has loaded (or failed). */
export const listed = (el: PorchShareLinks) =>
  waitUntil(() => part(el, 'panel') && !part(el, 'loading'), 'the list never loaded', { timeout: 5000 });

export const links = (el: PorchShareLinks) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=link]')];
export const announced = (el: PorchShareLinks) => text(shadow(el).querySelector('.visually-hidden[role=status]'));
export const focused = (el: PorchShareLinks) => shadow(el).activeElement;
export const urlField = (el: PorchShareLinks) => part(el, 'url') as HTMLTextAreaElement | null;

/** Loads the list again and waits for it to show. */
export async function reload(el: PorchShareLinks) {
  await el.refresh();
  await el.updateComplete;
}

/** Fills in "For whom?" and submits, as a customer would, then waits for the answer. */
export async function createThrough(el: PorchShareLinks, label: string) {
  shadow(el).querySelector<HTMLInputElement>('#label')!.value = label;
  part(el, 'create')!.click();
  await waitUntil(() => urlField(el) ?? part(el, 'problem'), 'creating never answered');
}

/** A share link made through the API, as another tab of the customer's would. */
export const createThroughApi = async (api: string, session: string, ticketId: string, label?: string) =>
  (await portalCall<PortalShareLinkCreated>(api, 'POST', sharePath(ticketId), session, label ? { label } : {})).body;

export const redeem = (api: string, token: string) =>
  portalCall<PortalSession & ErrorEnvelope>(api, 'POST', '/v1/portal/session', undefined, { token });
