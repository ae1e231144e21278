import type { PortalTicket, StatusKey, StepState } from '../api/types.js';

/** Every text the elements show. `en` is the reference; other languages implement the same shape. */
export interface Translation {
  /** The language of these texts: it picks a profile's own status labels (`ticket.labels[lang]`). */
  lang: 'en' | 'de';
  status: Record<StatusKey, string>;
  /** Said after a step label to screen readers, so the state is not told by colour alone. */
  state: Record<StepState, string>;
  loading: string;
  error: string;
  retry: string;
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
  portal: {
    greeting: (name: string) => string;
    companySite: (company: string) => string;
    noToken: string;
    linkExpired: string;
    linkUsed: string;
    linkInvalid: string;
    sessionEnded: string;
    disabled: string;
  };
}

export const en: Translation = {
  lang: 'en',
  status: {
    received: 'Ticket Received',
    scheduling: 'Ticket Scheduling',
    dispatched: 'Ticket Dispatched',
    on_route: 'On Route to You',
    onsite: 'Arrived Onsite',
    completed: 'Visit Completed',
    closed: 'Closed',
  },
  state: { done: 'completed', current: 'current', upcoming: 'upcoming' },
  loading: 'Loading…',
  error: 'Something went wrong',
  retry: 'Retry',
  empty: 'No updates yet',
  progress: 'Service progress',
  technician: 'Technician:',
  eta: (from, to) => `Expected between ${from} and ${to}`,
  statusChanged: (status) => `Status updated: ${status}`,
  reference: (reference) => `Reference ${reference}`,
  reconnecting: 'Reconnecting…',
  hold: { on_hold: 'On hold', cancelled: 'Cancelled' },
  onTheWay: 'On the way',
  away: (km, minutes) => `${km} km away · about ${minutes} min`,
  map: "Map of your technician's current position",
  portal: {
    greeting: (name) => `Hello ${name}`,
    companySite: (company) => `${company} website`,
    noToken: 'To see your service ticket, open the link from your email or text message.',
    linkExpired: 'This link has expired. Please use the newest link we sent you, or contact us for a new one.',
    linkUsed: 'This link has already been used. Please request a new link.',
    linkInvalid: 'This link is not valid. Please check that you opened the complete link from your message.',
    sessionEnded: 'Your session has ended. Please open the link from your message again.',
    disabled: 'The customer portal is currently unavailable. Please try again later.',
  },
};
