import type { ApiRequest } from './request.js';

export interface ConsoleSettings {
  name: string;
  publicId: string;
  allowedOrigins: string[];
  portalEnabled: boolean;
  serviceRequestsEnabled: boolean;
  /** The company's IANA zone, in which the console shows times; null: each viewer's own. */
  timezone: string | null;
}

/** The tenant's settings (dispatchers read them). */
export const settingsCalls = (request: ApiRequest) => ({
  settings(signal?: AbortSignal) {
    return request<ConsoleSettings>('GET', '/v1/admin/settings', undefined, signal);
  },

  updateSettings(
    patch: Partial<Pick<ConsoleSettings, 'allowedOrigins' | 'portalEnabled' | 'serviceRequestsEnabled' | 'timezone'>>,
  ) {
    return request<ConsoleSettings>('PATCH', '/v1/admin/settings', patch);
  },
});
