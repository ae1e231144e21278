/** The contract shared with the widget (types and plain constants only): sessions, devices, login and share links. */
import type { PortalMe } from './portal';
import type { PortalTicket } from './tickets';

export const SCOPES = ['track', 'book', 'feedback', 'invoices', 'pay', 'requests', 'comments'] as const;
export type Scope = (typeof SCOPES)[number];

export type PortalMode = 'tracking' | 'tracking+booking';

/** `POST /v1/portal/session` answer. */
export interface PortalSession {
  session: string;
  expiresAt: string;
  scopes: Scope[];
  ticketId?: string;
  /** Only when the customer chose "keep me signed in on this device": the device's next refresh token. */
  refreshToken?: string;
  refreshExpiresAt?: string;
  /** A redeem's answer only: what `GET /v1/portal/me` would answer, so the portal needs no other call to open. */
  me?: PortalMe;
  /** A redeem of a ticket or share link (scope `track`) only: the ticket's timeline, as `GET /v1/portal/tickets/:id`. */
  ticket?: PortalTicket;
}

/** A remembered device (one refresh-token family) of the customer. */
export interface PortalDevice {
  id: string;
  signedInAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

/**
 * `POST /v1/portal/login-links/request` answer: the same whether or not the address is known. `expiresInMinutes` is
 * how long a login link of this tenant works, for the widget to say so.
 */
export interface LoginLinkRequested {
  status: 'accepted';
  expiresInMinutes: number;
}

/** A view-only share link of a ticket, as `GET /v1/portal/tickets/:id/share-links` lists it. */
export interface PortalShareLink {
  id: string;
  ticketId: string;
  /** Whom the customer made it for, if they said. */
  label: string | null;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  /** IANA zone of the ticket's site: the widget shows these times in it. */
  timezone: string;
}

/** `POST /v1/portal/tickets/:id/share-links` answer: the link, with its URL and token shown this once. */
export interface PortalShareLinkCreated extends PortalShareLink {
  url: string;
  token: string;
}
