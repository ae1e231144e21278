import type { StatusKey, StepState } from '../api/types.js';

/** Every text the elements show. `en` is the reference; other languages implement the same shape. */
export interface Translation {
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
