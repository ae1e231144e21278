import type { PortalTicket, StatusKey, StepState, VisitProblem } from '../../api/types.js';
import type { CommonTexts } from '../translation.js';

/** `<porch-status-timeline>`. */
export interface TimelineTexts extends CommonTexts {
  status: Record<StatusKey, string>;
  /** Said after a step label to screen readers, so the state is not told by colour alone. */
  state: Record<StepState, string>;
  empty: string;
  progress: string;
  /** Label before the technician's first name. */
  technician: string;
  eta: (from: string, to: string) => string;
  statusChanged: (status: string) => string;
  reference: (reference: string) => string;
  /** Quiet note while the live connection is being restored. */
  reconnecting: string;
  /** The ticket is paused or called off. */
  hold: Record<NonNullable<PortalTicket['hold']>, string>;
  /** The technician is on the way, still too far off to say more. */
  onTheWay: string;
  /** The technician is close: distance in km and minutes to arrival, both already formatted. */
  away: (km: string, minutes: string) => string;
  /** Text alternative of the map of the technician's position. */
  map: string;
  /** The booked visit, before the technician sets out. */
  visit: (when: string) => string;
  /** Why the booked visit cannot take place as booked, and what to do (pick a new day). */
  visitProblem: Record<VisitProblem, string>;
}
