import type { TimelineTexts } from '../texts/timeline.js';
import { common } from './common.js';

export const timeline: TimelineTexts = {
  ...common,
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
  visit: (when) => `Your visit: ${when}`,
  visitProblem: {
    closed:
      'We are closed on this day, so the visit cannot take place as booked. Please pick a new day in the calendar, or contact us.',
    parts:
      'The parts for your job will not be in by this day, so the visit cannot take place as booked. Please pick a new day in the calendar, or contact us.',
    engineer:
      'Your technician is not available on this day, so the visit cannot take place as booked. Please pick a new day in the calendar, or contact us.',
  },
};
