/**
 * The contract shared by the API and the widget. The widget imports from this file with `import type` only,
 * except for the plain constant lists, which carry no server code.
 */

/** Every error code the API answers with, in the envelope `{error:{code,message,requestId}}`. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'SESSION_INVALID',
  'API_KEY_INVALID',
  'SCOPE_REQUIRED',
  'ORIGIN_NOT_ALLOWED',
  'PORTAL_DISABLED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'STATUS_OUT_OF_ORDER',
  'TICKET_CLOSED',
  'POSITION_NOT_APPLICABLE',
  'CONFLICT',
  'LINK_INVALID',
  'LINK_USED',
  'LINK_EXPIRED',
  'RATE_LIMITED',
  'CUSTOMER_EMAIL_MISSING',
  'IDENTITY_INVALID',
  'SHARE_NOT_ALLOWED',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
  'SLOT_TAKEN',
  'SLOT_IN_PAST',
  'SLOT_OUTSIDE_SLA',
  'SLOT_UNAVAILABLE',
  'CHANGE_CUTOFF_PASSED',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'DATE_RANGE_INVALID',
  'NO_APPOINTMENT',
  'URL_NOT_ALLOWED',
  'FEEDBACK_EXISTS',
  'FEEDBACK_NOT_OFFERED',
  'CURSOR_INVALID',
  'SEARCH_TERM_TOO_LONG',
  'SEARCH_TERM_INVALID',
  'INVOICE_NOT_DRAFT',
  'INVOICE_NOT_PAYABLE',
  'PAYMENTS_NOT_CONFIGURED',
  'WEBHOOK_SIGNATURE_INVALID',
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'SESSION_REVOKED',
  'REFRESH_INVALID',
  'RENEWAL_LIMIT',
  // Widget-side codes (never sent by the API).
  'NETWORK_ERROR',
  'NO_TOKEN',
  'SIGNED_OUT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The message of 403 PORTAL_DISABLED when the tenant set none (the widget then shows its own, translated). */
export const PORTAL_DISABLED_DEFAULT = 'The portal is currently unavailable';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; requestId: string; issues?: { path: string; message: string }[] };
}

/** The seven portal statuses, in order. */
export const STATUSES = ['received', 'scheduling', 'dispatched', 'on_route', 'onsite', 'completed', 'closed'] as const;
export type StatusKey = (typeof STATUSES)[number];

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
}

/** A remembered device (one refresh-token family) of the customer. */
export interface PortalDevice {
  id: string;
  signedInAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

/** Theme tokens a profile may set; each maps to a `--porch-*` custom property. */
export interface ThemeTokens {
  colorPrimary?: string;
  colorText?: string;
  colorSurface?: string;
  fontFamily?: string;
  radius?: string;
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
}

/** `POST /v1/portal/tickets/:id/share-links` answer: the link, with its URL and token shown this once. */
export interface PortalShareLinkCreated extends PortalShareLink {
  url: string;
  token: string;
}

/** A comment on a ticket, as `GET /v1/portal/tickets/:id/comments` lists it (oldest first): the company's infos. */
export interface PortalTicketComment {
  id: string;
  author: 'company' | 'customer';
  body: string;
  createdAt: string;
}

/** `GET /v1/portal/tickets/:id/comments` answer: the comments and the zone of the ticket's site. */
export interface PortalTicketComments {
  timezone: string;
  items: PortalTicketComment[];
}

/** `GET|POST /v1/portal/tickets/:id/resolve`: when the customer marked the ticket resolved (null: not yet). */
export interface PortalResolution {
  resolvedAt: string | null;
}

/** The longest feedback comment the API takes, in characters. */
export const FEEDBACK_COMMENT_MAX = 2000;

/** A text a profile gives in each language it speaks (at least one). */
export type LocalizedText = Partial<Record<WidgetLanguage, string>>;

/** How a profile's feedback question is answered: yes or no, one option, or any number of options. */
export type FeedbackQuestionKind = 'yes_no' | 'one' | 'many';

/** One of a profile's own feedback questions; `options` for `one` and `many` only. */
export interface FeedbackQuestion {
  id: string;
  kind: FeedbackQuestionKind;
  label: LocalizedText;
  options?: { id: string; label: LocalizedText }[];
}

/** Answers by question id: `true`/`false` (yes_no), an option id (one) or option ids (many). */
export type FeedbackAnswers = Record<string, boolean | string | string[]>;

/** The customer's feedback on a ticket, as given. */
export interface PortalFeedback {
  rating: number;
  answers: FeedbackAnswers;
  comment: string | null;
  createdAt: string;
}

/**
 * `GET /v1/portal/tickets/:id/feedback` answer. `offered` once the ticket reached Visit Completed and its profile
 * collects feedback; `submitted` once the customer answered (then it is not offered again).
 */
export interface PortalFeedbackState {
  offered: boolean;
  questions: FeedbackQuestion[];
  commentMaxLength: number;
  submitted: PortalFeedback | null;
}

/** An invoice as the portal shows it (`GET /v1/portal/invoices[/:id]`); amounts in minor units of `currency`. */
export interface PortalInvoice {
  id: string;
  number: string;
  ticketId: string | null;
  currency: string;
  /** Digits of the currency's minor unit: JPY 0, EUR 2, KWD 3. */
  minorDigits: number;
  status: 'draft' | 'sent' | 'partially_paid' | 'paid' | 'void';
  overdue: boolean;
  issueDate: string;
  dueDate: string;
  lines: {
    description: string;
    quantity: number;
    unitPrice: number;
    discountPercent: number;
    taxRate: number;
    net: number;
    tax: number;
  }[];
  taxes: { rate: number; net: number; tax: number }[];
  subtotal: number;
  taxTotal: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  disputed: boolean;
  sentAt: string | null;
  voidedAt: string | null;
  paidAt: string | null;
  createdAt: string;
  /** Open, with an amount due, and the company takes card payments: offer "Pay". */
  payable: boolean;
}

export type StepState = 'done' | 'current' | 'upcoming';

/**
 * Where the technician is, staged: nothing unless the ticket is On Route to You; then only "on the way" until the
 * technician is within the tenant's last stretch of this customer's site; then the precise position.
 */
export type PortalApproach =
  | { precision: 'coarse' }
  | {
      precision: 'precise';
      lat: number;
      lng: number;
      distanceKm: number;
      /** From the ETA when there is one, else from the distance. */
      minutesAway: number;
      /** A `{z}/{x}/{y}` tile URL template when the tenant configured a map; no tiles are fetched otherwise. */
      mapTileUrl: string | null;
    };

/** The languages the widget speaks, and so the languages a profile may label its statuses in. */
export const WIDGET_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'ar'] as const;
/** The languages the widget speaks. */
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

/** Status labels a profile overrides, per language: `{ en: { on_route: 'On the way' } }`. */
export type StatusLabels = Partial<Record<(typeof WIDGET_LANGUAGES)[number], Partial<Record<StatusKey, string>>>>;

/** `GET /v1/portal/tickets/:id` answer: what the timeline needs and nothing more. */
export interface PortalTicket {
  id: string;
  reference: string | null;
  title: string;
  status: StatusKey;
  /** Set when the ticket is paused or called off; the timeline says so instead of pretending progress. */
  hold: 'on_hold' | 'cancelled' | null;
  /** IANA zone of the service location; times are shown in it. */
  timezone: string;
  technician: { firstName: string } | null;
  eta: { from: string; to: string } | null;
  approach: PortalApproach | null;
  labels: StatusLabels;
  steps: { status: StatusKey; state: StepState; at: string | null }[];
  updatedAt: string;
}

export const TICKET_EVENT_KINDS = [
  'created',
  'status',
  'position',
  'hold',
  'booked',
  'rescheduled',
  'earlier_slot_available',
  'resolved',
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

/**
 * One Server-Sent Event of `GET /v1/portal/tickets/:id/events`: `event: ticket`, `id: <event id>`, and this as
 * `data`. `ticket` is the current state, so a client never rebuilds state from deltas. Other events: `reconnect`
 * (`{retryMs}`: the server is shutting down), `session-expired`. Heartbeats are SSE comments.
 */
export interface TicketStreamMessage {
  event: { id: string; kind: TicketEventKind; status: StatusKey; occurredAt: string };
  ticket: PortalTicket;
}

/**
 * A day of the booking calendar as the server checked it. "Not yet checked", "checking" and "selected" are the
 * widget's own states around these.
 * - `available`: at least one window can be booked; `limited`: few engineers left (the dispatcher may move it);
 * - `full`: checked, no free window (result of the check);
 * - `closed`: not bookable by the calendar: `reason` weekend, holiday, closed (tenant), sla (outside the SLA
 *   commitment) or past;
 * - `unmatched`: no engineer with the matching skills works that day (`skills`), or the parts are not there (`parts`).
 */
export type BookingDayState = 'available' | 'limited' | 'full' | 'closed' | 'unmatched';
export type BookingDayReason = 'weekend' | 'holiday' | 'closed' | 'sla' | 'past' | 'skills' | 'parts';
/** Markers a day can carry beside its state. */
export type BookingMarker = 'current' | 'sla-earliest' | 'sla-latest' | 'parts-begin' | 'parts-end';

export interface BookingDay {
  date: string;
  state: BookingDayState;
  reason: BookingDayReason | null;
  markers: BookingMarker[];
}

/** A booked visit: the window's instants plus the site's zone and calendar day. */
export interface Appointment {
  id: string;
  slotId: string;
  date: string;
  start: string;
  end: string;
  timezone: string;
}

/** `GET /v1/portal/tickets/:id/availability` answer. */
export interface BookingAvailability {
  timezone: string;
  from: string;
  to: string;
  earliest: string;
  latest: string;
  partsFrom: string | null;
  partsTo: string | null;
  current: Appointment | null;
  /** No change within this many hours of the visit. */
  cutoffHours: number;
  policy: string | null;
  salutation: string | null;
  bookingText: string | null;
  disclaimer: string | null;
  waitlisted: boolean;
  days: BookingDay[];
}

export type BookingSlotReason = 'past' | 'full' | 'no_engineer' | BookingDayReason;

export interface BookingSlot {
  id: string;
  start: string;
  end: string;
  available: boolean;
  reason: BookingSlotReason | null;
}

/** `GET /v1/portal/tickets/:id/slots` answer. */
export interface BookingSlots {
  date: string;
  timezone: string;
  state: BookingDayState;
  reason: BookingDayReason | null;
  slots: BookingSlot[];
}

/** `PUT /v1/portal/tickets/:id/appointment` answer. */
export interface BookingResult {
  appointment: Appointment;
  rescheduled: boolean;
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

/** One job in the customer's job list (`GET /v1/portal/jobs`, `GET /v1/portal/jobs/:id`). */
export interface PortalJob {
  id: string;
  reference: string | null;
  title: string;
  status: StatusKey;
  hold: 'on_hold' | 'cancelled' | null;
  /** The job's profile's status labels (the widget picks its language, else its own words). */
  labels: StatusLabels;
  location: { line1: string; city: string; postalCode: string | null };
  /** IANA zone of the service location. */
  timezone: string;
  technician: { firstName: string } | null;
  /** The booked visit, if any. */
  appointment: { start: string; end: string } | null;
  /** When the job was completed (else closed); null while active. */
  completedAt: string | null;
  updatedAt: string;
  /** The sections this session may open for this job: its scopes met with the job's profile's modules. */
  sections: Module[];
}

/** `GET /v1/portal/jobs` answer. `nextCursor` is opaque, bound to the customer and the query; null at the end. */
export interface PortalJobPage {
  items: PortalJob[];
  nextCursor: string | null;
}
