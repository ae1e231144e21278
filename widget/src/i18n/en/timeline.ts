import type { TimelineTexts } from '../translation.js';
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
};
