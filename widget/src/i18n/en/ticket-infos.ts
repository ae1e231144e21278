import type { TicketInfosTexts } from '../texts/ticket-infos.js';
import { common } from './common.js';

export const ticketInfos: TicketInfosTexts = {
  ...common,
  heading: (company) => (company ? `Updates from ${company}` : 'Updates'),
  fromYou: 'You wrote',
  loading: 'Loading updates…',
  loadFailed: 'The updates could not be loaded.',
};
