import type { ApiRequest } from './request.js';

/** Status words for staff (the customer-facing ones speak to the customer: "On Route to You"). */
export const TICKET_STATUSES = {
  received: 'Received',
  scheduling: 'Scheduling',
  dispatched: 'Dispatched',
  on_route: 'On route',
  onsite: 'On site',
  completed: 'Completed',
  closed: 'Closed',
} as const;
export type TicketStatus = keyof typeof TICKET_STATUSES;

export interface ConsoleTicketSummary {
  id: string;
  externalRef: string | null;
  title: string;
  status: TicketStatus;
  customerName: string;
  city: string;
  technician: string | null;
  updatedAt: string;
}

export interface ConsoleTicket {
  id: string;
  externalRef: string | null;
  title: string;
  description: string | null;
  status: TicketStatus;
  hold: 'on_hold' | 'cancelled' | null;
  customer: { name: string; email: string | null; phone: string | null };
  location: { line1: string; city: string; postalCode: string | null };
  technician: { firstName: string } | null;
  eta: { from: string; to: string } | null;
  events: { id: string; kind: string; status: TicketStatus; occurredAt: string }[];
}

export type PortalMode = 'tracking' | 'tracking+booking';

export interface ConsoleTicketLink {
  id: string;
  mode: PortalMode;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface ConsoleMessage {
  id: string;
  trigger: string;
  channel: 'email' | 'sms' | 'info';
  recipient: string | null;
  state: 'pending' | 'sent' | 'failed' | 'suppressed';
  failureReason: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface TicketQuery {
  q?: string;
  status?: TicketStatus;
  cursor?: string;
  limit?: number;
}

const ticketPath = (id: string) => `/v1/admin/tickets/${encodeURIComponent(id)}`;

/** Tickets: the list, one ticket, status moves, portal links and the messages sent for it. */
export const ticketCalls = (request: ApiRequest) => ({
  tickets(query: TicketQuery, signal?: AbortSignal) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, String(value));
    return request<{ items: ConsoleTicketSummary[]; nextCursor: string | null }>(
      'GET',
      `/v1/admin/tickets?${params}`,
      undefined,
      signal,
    );
  },

  ticket(id: string, signal?: AbortSignal) {
    return request<ConsoleTicket>('GET', ticketPath(id), undefined, signal);
  },

  moveTicket(id: string, status: TicketStatus) {
    return request<ConsoleTicket>('POST', `${ticketPath(id)}/events`, { status });
  },

  async ticketLinks(id: string, signal?: AbortSignal) {
    return (await request<{ items: ConsoleTicketLink[] }>('GET', `${ticketPath(id)}/links`, undefined, signal)).items;
  },

  createTicketLink(id: string, mode: PortalMode) {
    return request<{ id: string; url: string; expiresAt: string }>('POST', `${ticketPath(id)}/links`, {
      kind: 'ticket',
      mode,
    });
  },

  revokeTicketLink(id: string, linkId: string) {
    return request<ConsoleTicketLink>('DELETE', `${ticketPath(id)}/links/${encodeURIComponent(linkId)}`);
  },

  async ticketMessages(id: string, signal?: AbortSignal) {
    return (await request<{ items: ConsoleMessage[] }>('GET', `${ticketPath(id)}/messages`, undefined, signal)).items;
  },
});
