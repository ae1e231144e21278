/** The contract shared with the widget (types and plain constants only): the customer's job list. */
import type { Module } from './portal';
import type { StatusKey, StatusLabels } from './tickets';

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
