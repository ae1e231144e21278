/**
 * Helpers shared by the console's test files. The console's API calls go to the test page's own origin, which
 * forwards them to the fixture API (web-test-runner.config.mjs).
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { StaffRole } from '../console/api.js';
import '../console/porch-console.js';
import type { PorchConsole } from '../console/porch-console.js';
import { control } from './fixtures.js';

/** A 1×1 PNG, a logo the API accepts (base64). */
export const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A new staff member of the fixture company, with a single-use sign-in token. */
export const createStaff = (role: StaffRole = 'owner') =>
  control<{ email: string; token: string; tenant: string }>('/staff', { role });

/** The console signed in as a new staff member with `role`, arriving from their sign-in link. */
export async function signedIn(role: StaffRole = 'owner') {
  const staff = await createStaff(role);
  history.replaceState(null, '', `${location.pathname}${location.search}#porch-staff=${staff.token}`);
  const el = await fixture<PorchConsole>(html`<porch-console></porch-console>`);
  await waitUntil(() => inside(el, '.who'), 'the shell appears', { timeout: 10_000 });
  return { el, ...staff };
}

/** The first match of `selector` in an element's shadow root. */
export const inside = <T extends HTMLElement = HTMLElement>(root: Element | null | undefined, selector: string) =>
  root?.shadowRoot?.querySelector<T>(selector) ?? null;

/** What an element's shadow root shows as text, whitespace collapsed. */
export const shadowText = (el: Element | null | undefined) => el?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
