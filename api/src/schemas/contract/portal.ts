/** The contract shared with the widget (types and plain constants only): `me`, its theme and sections. */
import type { PortalMode, Scope } from './access';
import type { PortalTicket } from './tickets';

export const DENSITIES = ['compact', 'comfortable', 'spacious'] as const;
export type Density = (typeof DENSITIES)[number];

/** Theme tokens a profile may set; each maps to a `--porch-*` custom property. */
export interface ThemeTokens {
  colorPrimary?: string;
  colorOnPrimary?: string;
  colorText?: string;
  colorSurface?: string;
  fontFamily?: string;
  radius?: string;
  mode?: 'light' | 'dark' | 'auto';
  density?: Density;
}

/** `GET /v1/portal/me` answer. */
export interface PortalMe {
  company: { name: string };
  profile: {
    name: string;
    mode: PortalMode;
    logoUrl: string | null;
    redirectUrl: string | null;
    salutation: string | null;
    language: string;
    theme: ThemeTokens;
  };
  customer: { name: string };
  scopes: Scope[];
  /** The one ticket of a ticket-link or share-link session; null for customer-wide sessions. */
  ticketId: string | null;
  /** The ticket to show first: the session's own, else the customer's most recently updated one (null: none yet). */
  latestTicketId: string | null;
  /** Whether this session may create, list and revoke share links: false for a shared view (it may only look). */
  canShare: boolean;
  /**
   * The sections this session may open: its scopes met with the profile's modules. A ticket-link view shows these;
   * a customer-wide session's job view uses each job's own `sections`.
   */
  sections: Module[];
  /**
   * `GET /v1/portal/me` of a session bound to one ticket (scope `track`): the ticket's timeline, so a portal restoring
   * its session shows the status from this one answer. (A redeem's `me` leaves it out: the redeem carries `ticket`.)
   */
  ticket?: PortalTicket;
}

/** The sections a portal profile may grant (`modules`); `status` is always on. */
export const MODULES = [
  'status',
  'appointment',
  'updates',
  'share',
  'feedback',
  'requests',
  'messages',
  'invoices',
] as const;
export type Module = (typeof MODULES)[number];
/** A profile's modules until the company chooses (migration 0020's column default). */
export const DEFAULT_MODULES: readonly Module[] = ['status', 'appointment', 'updates', 'share'];
