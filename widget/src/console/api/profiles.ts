import type { FeedbackQuestion, LocalizedText, Module, StatusLabels, ThemeTokens } from '../../api/types.js';
import type { ApiRequest } from './request.js';

export const TEXT_FIELDS = ['salutation', 'bookingText', 'disclaimer'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface ConsoleProfile {
  id: string;
  name: string;
  isDefault: boolean;
  language: string;
  logoUrl: string | null;
  salutation: LocalizedText | null;
  bookingText: LocalizedText | null;
  disclaimer: LocalizedText | null;
  theme: ThemeTokens;
  mode: 'tracking' | 'tracking+booking';
  modules: Module[];
  feedbackEnabled: boolean;
  feedbackQuestions: FeedbackQuestion[];
  statusLabels: StatusLabels;
}

export type ProfilePatch = Partial<
  Pick<
    ConsoleProfile,
    | 'name'
    | TextField
    | 'theme'
    | 'language'
    | 'mode'
    | 'modules'
    | 'feedbackEnabled'
    | 'feedbackQuestions'
    | 'statusLabels'
  >
>;

export interface ConsoleProject {
  id: string;
  name: string;
  profileId: string | null;
}

export interface ConsoleSlaProfile {
  id: string;
  name: string;
  businessStart: string;
  businessEnd: string;
}

/** A profile's booking; `windows` null: one window over the SLA profile's business hours. */
export interface ConsoleProfileBooking {
  slaProfileId: string | null;
  windows: { start: string; end: string }[] | null;
  capacity: number;
  limitedThreshold: number;
  bookingText: LocalizedText | null;
  disclaimer: LocalizedText | null;
}

/** Profiles with their texts, theme, logo and booking; projects and SLA profiles (writes: owners and admins). */
export const profileCalls = (request: ApiRequest) => ({
  async profiles(signal?: AbortSignal) {
    return (await request<{ items: ConsoleProfile[] }>('GET', '/v1/admin/profiles', undefined, signal)).items;
  },

  profile(id: string, signal?: AbortSignal) {
    return request<ConsoleProfile>('GET', `/v1/admin/profiles/${encodeURIComponent(id)}`, undefined, signal);
  },

  updateProfile(id: string, patch: ProfilePatch) {
    return request<ConsoleProfile>('PATCH', `/v1/admin/profiles/${encodeURIComponent(id)}`, patch);
  },

  createProfile(name: string) {
    return request<ConsoleProfile>('POST', '/v1/admin/profiles', { name });
  },

  deleteProfile(id: string) {
    return request<null>('DELETE', `/v1/admin/profiles/${encodeURIComponent(id)}`);
  },

  async projects(signal?: AbortSignal) {
    return (await request<{ items: ConsoleProject[] }>('GET', '/v1/admin/projects', undefined, signal)).items;
  },

  createProject(name: string, profileId: string | null) {
    return request<ConsoleProject>('POST', '/v1/admin/projects', { name, profileId });
  },

  updateProject(id: string, patch: Partial<Pick<ConsoleProject, 'name' | 'profileId'>>) {
    return request<ConsoleProject>('PATCH', `/v1/admin/projects/${encodeURIComponent(id)}`, patch);
  },

  async slaProfiles(signal?: AbortSignal) {
    return (await request<{ items: ConsoleSlaProfile[] }>('GET', '/v1/admin/sla-profiles', undefined, signal)).items;
  },

  profileBooking(id: string, signal?: AbortSignal) {
    const path = `/v1/admin/profiles/${encodeURIComponent(id)}/booking`;
    return request<ConsoleProfileBooking>('GET', path, undefined, signal);
  },

  putProfileBooking(id: string, booking: ConsoleProfileBooking) {
    return request<ConsoleProfileBooking>('PUT', `/v1/admin/profiles/${encodeURIComponent(id)}/booking`, booking);
  },

  cloneProfile(id: string) {
    return request<ConsoleProfile>('POST', `/v1/admin/profiles/${encodeURIComponent(id)}/clone`, {});
  },

  uploadLogo(id: string, file: Blob) {
    return request<ConsoleProfile>('PUT', `/v1/admin/profiles/${encodeURIComponent(id)}/logo`, file);
  },
});
