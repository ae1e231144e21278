import type { PorchClient } from './client.js';
import type { PortalMessage, PortalMessages } from './types.js';

/*
 * The thread's API calls, named methods of their own module: only `<porch-ticket-thread>`'s chunk carries them,
 * not the entry and timeline every page loads.
 */

const threadPath = (id: string, rest = '') => `/v1/portal/tickets/${encodeURIComponent(id)}/messages${rest}`;

/** The ticket's thread with the company, oldest first, and what is unread (`GET …/messages`, scope `comments`). */
export const messages = (client: PorchClient, id: string, signal?: AbortSignal) =>
  client.call<PortalMessages>('GET', threadPath(id), signal);

/** Writes to the company on the ticket; answers the message as stored. */
export const sendMessage = (client: PorchClient, id: string, body: string) =>
  client.call<PortalMessage>('POST', threadPath(id), undefined, { body });

/** The customer has read the thread up to `messageId`; answers the thread. */
export const markMessagesRead = (client: PorchClient, id: string, messageId: string) =>
  client.call<PortalMessages>('POST', threadPath(id, '/read'), undefined, { upTo: messageId });
