import { html, nothing, type TemplateResult } from 'lit';
import { toPorchApiError } from '../../api/errors.js';
import type { ErrorCode, PORTAL_DISABLED_DEFAULT, PortalMe } from '../../api/types.js';
import type { PortalTexts } from '../../i18n/index.js';
import { safeUrl } from './portal.address.js';

/*
 * The `<porch-portal>` element's header, account bar and error screen (its tabs are portal.tabs.ts). The element owns
 * the state and documents the parts; these only draw what they are given.
 */

/** Codes after which a customer can ask for a new login link by email (when the portal knows its tenant). */
export const ASK_FOR_LINK: ErrorCode[] = [
  'NO_TOKEN',
  'LINK_EXPIRED',
  'LINK_USED',
  'LINK_INVALID',
  'SESSION_EXPIRED',
  'SESSION_INVALID',
  'SESSION_REVOKED',
  'SIGNED_OUT',
];
// Typed as the API's constant, so the typecheck fails if the two differ; a value import would pull api/ in.
const DISABLED_DEFAULT: typeof PORTAL_DISABLED_DEFAULT = 'The portal is currently unavailable';

/** Codes with their own explanation and no Retry: retrying cannot help, a new link can. */
const FINAL: Partial<Record<ErrorCode, (t: PortalTexts) => string>> = {
  NO_TOKEN: (t) => t.noToken,
  LINK_EXPIRED: (t) => t.linkExpired,
  SHARE_LINK_ENDED: (t) => t.shareEnded,
  LINK_USED: (t) => t.linkUsed,
  LINK_INVALID: (t) => t.linkInvalid,
  SESSION_EXPIRED: (t) => t.sessionEnded,
  SESSION_INVALID: (t) => t.sessionEnded,
  SESSION_REVOKED: (t) => t.sessionEnded,
  SIGNED_OUT: (t) => t.signedOut,
  PORTAL_DISABLED: (t) => t.disabled,
};

/** The company's logo and name, a link to its site when the profile has a safe one. */
export function renderHeader(me: PortalMe, t: PortalTexts): TemplateResult {
  const site = safeUrl(me.profile.redirectUrl);
  const logo = safeUrl(me.profile.logoUrl);
  const brand = html`${logo ? html`<img part="logo" class="logo" src=${logo} alt="" />` : nothing}
    <span class="company">${me.company.name}</span>`;
  return html`<header part="header" class="header">
    ${site ? html`<a class="brand" href=${site} aria-label=${t.companySite(me.company.name)}>${brand}</a>` : html`<div class="brand">${brand}</div>`}
  </header>`;
}

/** Sign-out, and "keep me signed in" for a customer-wide session not yet remembered on this device. */
export function renderAccount(
  t: PortalTexts,
  session: { own: boolean; remembered: boolean },
  customerWide: boolean,
  portal: { keepSignedIn(): Promise<void>; signOut(everywhere?: boolean): Promise<void> },
) {
  if (!session.own) return nothing;
  return html`<div part="account" class="account">
    ${
      customerWide && !session.remembered
        ? html`<label class="keep"
            ><input type="checkbox" @change=${() => void portal.keepSignedIn()} /> ${t.keepSignedIn}</label
          >`
        : nothing
    }
    <button part="sign-out" type="button" @click=${() => void portal.signOut()}>${t.signOut}</button>
    ${
      session.remembered
        ? html`<button part="sign-out-everywhere" type="button" @click=${() => void portal.signOut(true)}>
            ${t.signOutEverywhere}
          </button>`
        : nothing
    }
  </div>`;
}

/**
 * Why the portal could not open: the tenant's own message when it is switched off, a link problem's explanation
 * (with `ask`, the "email me a new link" form, when it offers one), else an error with Retry.
 */
export function renderError(error: unknown, t: PortalTexts, retry: () => void, ask: (code: ErrorCode) => unknown) {
  const { code, message } = toPorchApiError(error);
  if (code === 'PORTAL_DISABLED') {
    // The tenant's own message, as the API sent it.
    return html`<div part="error disabled" class="notice" role="alert">
      <h3 class="notice-title">${t.disabledTitle}</h3>
      <p>${message === DISABLED_DEFAULT ? t.disabled : message}</p>
    </div>`;
  }
  const final = FINAL[code];
  return html`<div part="error" class="notice" role="alert">
      <p>${final ? final(t) : code === 'NETWORK_ERROR' ? t.unreachable : t.error}</p>
      ${final ? nothing : html`<button type="button" @click=${retry}>${t.retry}</button>`}
    </div>
    ${ask(code)}`;
}
