import type { TicketThreadTexts } from '../texts/ticket-thread.js';
import { common } from './common.js';

export const ticketThread: TicketThreadTexts = {
  ...common,
  heading: 'Messages',
  count: { one: '# message', other: '# messages' },
  unread: { one: '# new', other: '# new' },
  newDivider: 'New',
  you: 'You',
  empty: (company) => (company ? `No messages yet. Write to ${company} below.` : 'No messages yet.'),
  label: 'Your message',
  hint: 'Enter adds a line; Ctrl+Enter or ⌘+Enter sends.',
  send: 'Send',
  sending: 'Sending…',
  sendFailed: 'Your message could not be sent. It is still here — please try again.',
  loading: 'Loading messages…',
  loadFailed: 'The messages could not be loaded.',
  arrived: (author) => `New message from ${author}`,
};
