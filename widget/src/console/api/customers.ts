import type { ApiRequest } from './request.js';
import type { TicketStatus } from './tickets.js';

export interface ConsoleCustomer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalRef: string | null;
  tickets: number;
  openTickets: number;
  signedInDevices: number;
  lastSignInAt: string | null;
}

export interface ConsoleDevice {
  id: string;
  customerId: string;
  signedInAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

export interface ConsoleCustomerDetail {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalRef: string | null;
  locale: string | null;
  createdAt: string;
  lastSignInAt: string | null;
  locations: { id: string; line1: string; postalCode: string | null; city: string; country: string }[];
  tickets: {
    id: string;
    externalRef: string | null;
    title: string;
    status: TicketStatus;
    locationId: string;
    updatedAt: string;
  }[];
  devices: ConsoleDevice[];
}

/** Customers: the list, one customer, a sign-in link by mail and signing a device out. */
export const customerCalls = (request: ApiRequest) => ({
  customers(query: { q?: string; cursor?: string }, signal?: AbortSignal) {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.cursor) params.set('cursor', query.cursor);
    const search = params.size ? `?${params}` : '';
    return request<{ items: ConsoleCustomer[]; nextCursor: string | null }>(
      'GET',
      `/v1/admin/customers${search}`,
      undefined,
      signal,
    );
  },

  customer(id: string, signal?: AbortSignal) {
    return request<ConsoleCustomerDetail>('GET', `/v1/admin/customers/${encodeURIComponent(id)}`, undefined, signal);
  },

  /** Mails the customer a single-use sign-in link for all their jobs (through the outbox). */
  mailLoginLink(customerId: string) {
    return request<{ status: 'accepted'; messageId: string }>(
      'POST',
      `/v1/admin/customers/${encodeURIComponent(customerId)}/login-links?send=email`,
    );
  },

  signOutDevice(customerId: string, deviceId: string) {
    return request<null>(
      'DELETE',
      `/v1/admin/customers/${encodeURIComponent(customerId)}/devices/${encodeURIComponent(deviceId)}`,
    );
  },
});
