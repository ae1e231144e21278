import type { ApiRequest } from './request.js';

export type StaffRole = 'owner' | 'admin' | 'dispatcher';

export interface StaffSession {
  staff: { id: string; email: string; role: StaffRole };
  tenant: { id: string };
  sessionId: string;
  expiresAt: string;
  csrfToken?: string;
}

export interface ConsoleStaffSession {
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

/** Signing in and out, and the staff member's own sessions (every role). */
export const sessionCalls = (request: ApiRequest) => ({
  signIn(token: string) {
    return request<StaffSession>('POST', '/v1/staff/session', { token });
  },

  session(signal?: AbortSignal) {
    return request<StaffSession>('GET', '/v1/staff/session', undefined, signal);
  },

  signOut() {
    return request<null>('DELETE', '/v1/staff/session');
  },

  requestSignIn(tenant: string, email: string) {
    return request<{ status: 'accepted' }>('POST', '/v1/staff/sign-in/request', { tenant, email });
  },

  async sessions(signal?: AbortSignal) {
    return (await request<{ items: ConsoleStaffSession[] }>('GET', '/v1/staff/sessions', undefined, signal)).items;
  },

  endSession(id: string) {
    return request<null>('DELETE', `/v1/staff/sessions/${encodeURIComponent(id)}`);
  },
});
