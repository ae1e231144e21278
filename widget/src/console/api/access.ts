import type { ApiRequest } from './request.js';
import type { StaffRole } from './session.js';

export interface ConsoleApiKey {
  id: string;
  prefix: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  current: boolean;
}

/** A key's secret, answered once at creation or rotation. */
export interface IssuedApiKey {
  apiKey: string;
  key: ConsoleApiKey;
  previousExpireAt?: string;
}

export interface ConsoleStaff {
  id: string;
  email: string;
  role: StaffRole;
  createdAt: string;
}

/** API keys and staff: owners and admins only. */
export const accessCalls = (request: ApiRequest) => ({
  async apiKeys(signal?: AbortSignal) {
    return (await request<{ items: ConsoleApiKey[] }>('GET', '/v1/admin/api-keys', undefined, signal)).items;
  },

  createApiKey(label: string) {
    return request<IssuedApiKey>('POST', '/v1/admin/api-keys', label ? { label } : {});
  },

  rotateApiKey(id: string, overlapHours: number) {
    return request<IssuedApiKey>('POST', `/v1/admin/api-keys/${encodeURIComponent(id)}/rotate`, { overlapHours });
  },

  revokeApiKey(id: string) {
    return request<null>('DELETE', `/v1/admin/api-keys/${encodeURIComponent(id)}`);
  },

  async staff(signal?: AbortSignal) {
    return (await request<{ items: ConsoleStaff[] }>('GET', '/v1/admin/staff', undefined, signal)).items;
  },

  inviteStaff(email: string, role: StaffRole) {
    return request<ConsoleStaff>('POST', '/v1/admin/staff', { email, role });
  },

  changeStaffRole(id: string, role: StaffRole) {
    return request<ConsoleStaff>('PATCH', `/v1/admin/staff/${encodeURIComponent(id)}`, { role });
  },

  removeStaff(id: string) {
    return request<null>('DELETE', `/v1/admin/staff/${encodeURIComponent(id)}`);
  },
});
