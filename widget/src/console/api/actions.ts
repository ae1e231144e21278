import type { ApiRequest } from './request.js';

export interface ConsoleActionTemplate {
  subject?: string;
  body: string;
}

/** An automated action as the console edits it (its project/profile condition is kept as it is). */
export interface ConsoleAction {
  id: string;
  name: string;
  trigger: string;
  status: string | null;
  channel: string;
  portalMode: string;
  templates: Record<string, ConsoleActionTemplate>;
  enabled: boolean;
}
export type ConsoleActionDraft = Omit<ConsoleAction, 'id'>;

/** What the API offers an action editor: its renderer's placeholders and the languages, triggers, … it accepts. */
export interface ConsoleActionOptions {
  placeholders: string[];
  languages: string[];
  triggers: string[];
  channels: string[];
  statuses: string[];
  portalModes: string[];
}

export interface ConsoleActionPreview {
  templates: Record<string, { subject: string | null; body: string }>;
}

/** Automated actions, their options and previews (writes: owners and admins). */
export const actionCalls = (request: ApiRequest) => ({
  async actions(signal?: AbortSignal) {
    return (await request<{ items: ConsoleAction[] }>('GET', '/v1/admin/automated-actions', undefined, signal)).items;
  },

  actionOptions(signal?: AbortSignal) {
    return request<ConsoleActionOptions>('GET', '/v1/admin/automated-actions/options', undefined, signal);
  },

  createAction(draft: ConsoleActionDraft) {
    const { status, ...rest } = draft;
    return request<ConsoleAction>('POST', '/v1/admin/automated-actions', status ? { ...rest, status } : rest);
  },

  updateAction(id: string, draft: ConsoleActionDraft) {
    return request<ConsoleAction>('PATCH', `/v1/admin/automated-actions/${encodeURIComponent(id)}`, draft);
  },

  deleteAction(id: string) {
    return request<null>('DELETE', `/v1/admin/automated-actions/${encodeURIComponent(id)}`);
  },

  previewAction(draft: Pick<ConsoleActionDraft, 'channel' | 'templates'>, signal?: AbortSignal) {
    const body = { channel: draft.channel, templates: draft.templates };
    return request<ConsoleActionPreview>('POST', '/v1/admin/automated-actions/preview', body, signal);
  },
});
