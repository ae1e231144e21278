/**
 * Test helpers that talk to the real API through the fixture server's control endpoints (proxied by
 * web-test-runner.config.mjs under /__fixtures). Nothing here imitates the API.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { StatusKey } from '../api/types.js';

export interface TicketSetup {
  status?: StatusKey;
  technician?: string;
  eta?: { from: string; to: string };
  timezone?: string;
  language?: 'en' | 'de';
  title?: string;
}

async function control<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`/__fixtures${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** A ticket with an already redeemed session, for standalone elements. */
export const createSession = (setup: TicketSetup = {}) =>
  control<{ ticketId: string; session: string; api: string }>('/sessions', setup);

/** A ticket with an unredeemed portal link token. */
export const createTicketLink = (setup: TicketSetup = {}) =>
  control<{ ticketId: string; token: string; api: string }>('/tickets', setup);

/** An expired portal link token. */
export const createExpiredLink = () => control<{ token: string }>('/links/expired');

/** Moves a ticket to another status, as the company's system would. */
export const moveTicket = (
  ticketId: string,
  event: { status: StatusKey; technician?: { firstName: string }; eta?: { from: string; to: string } },
) =>
  control<unknown>(`/tickets/${encodeURIComponent(ticketId)}/events`, event);

/** Makes every request to the API fail like a network outage until called again with `false`. */
export const blockApi = (api: string, blocked = true) =>
  executeServerCommand('block-urls', { urls: blocked ? [`${api}/*`] : [] });

/** The element's shadow root, asserted present. */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** The first element in `el`'s shadow root with `part` among its parts. */
export function part(el: Element, name: string): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
}

const cssTextOf = (styles: unknown): string =>
  Array.isArray(styles) ? styles.map(cssTextOf).join('\n') : ((styles as { cssText?: string } | undefined)?.cssText ?? '');

/**
 * Private tokens (`--_x`) of an element's styles that are defined but never used, or used but never defined, as in
 * Material Web's token tests.
 */
export function privateTokenProblems(styles: unknown): string[] {
  const cssText = cssTextOf(styles);
  const defined = new Set([...cssText.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1]));
  const used = new Set([...cssText.matchAll(/var\(\s*(--_[\w-]+)/g)].map((m) => m[1]));
  return [
    ...[...defined].filter((token) => !used.has(token)).map((token) => `${token} is defined but unused`),
    ...[...used].filter((token) => !defined.has(token)).map((token) => `${token} is used but undefined`),
  ];
}
