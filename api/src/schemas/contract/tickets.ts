/** The contract shared with the widget (types and plain constants only): a ticket's timeline and events. */
import type { VisitProblem } from './booking';
import type { WIDGET_LANGUAGES } from './languages';

/** The seven portal statuses, in order. */
export const STATUSES = ['received', 'scheduling', 'dispatched', 'on_route', 'onsite', 'completed', 'closed'] as const;
export type StatusKey = (typeof STATUSES)[number];

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
  /**
   * The booked visit (its calendar day at the site and its window), or null. `problem`: why it cannot take place as
   * booked — the company closed its day, the day lies outside the ticket's parts window now, or its engineer is away.
   */
  appointment: { date: string; start: string; end: string; problem: VisitProblem | null } | null;
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
  'message',
  'visit_problem',
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

/** `GET|POST /v1/portal/tickets/:id/resolve`: when the customer marked the ticket resolved (null: not yet). */
export interface PortalResolution {
  resolvedAt: string | null;
  /** IANA zone of the ticket's site. */
  timezone: string;
}
