import { ConsoleApiError, type ConsoleAction, type ConsoleActionDraft, type ConsoleActionOptions } from './api.js';

/** The form's state: the action's fields, and each template text keyed `<language>.subject` / `<language>.body`. */
export interface FormDraft {
  id: string | null;
  name: string;
  trigger: string;
  status: string;
  channel: string;
  portalMode: string;
  enabled: boolean;
  texts: Record<string, string>;
}

export function newDraft(options: ConsoleActionOptions): FormDraft {
  return {
    id: null,
    name: '',
    trigger: options.triggers[0] ?? '',
    status: options.statuses[0] ?? '',
    channel: options.channels[0] ?? '',
    portalMode: options.portalModes[0] ?? '',
    enabled: true,
    texts: {},
  };
}

export function draftOf(action: ConsoleAction, options: ConsoleActionOptions): FormDraft {
  const texts: Record<string, string> = {};
  for (const [language, template] of Object.entries(action.templates)) {
    texts[`${language}.body`] = template.body;
    if (template.subject !== undefined) texts[`${language}.subject`] = template.subject;
  }
  const { id, name, trigger, channel, portalMode, enabled } = action;
  return { id, name, trigger, status: action.status ?? options.statuses[0] ?? '', channel, portalMode, enabled, texts };
}

/** What the API gets: a language with any text is sent; a subject only for emails; a status only when it fires one. */
export function toDraft(form: FormDraft, options: ConsoleActionOptions): ConsoleActionDraft {
  const templates: ConsoleActionDraft['templates'] = {};
  for (const language of options.languages) {
    const body = form.texts[`${language}.body`] ?? '';
    const subject = form.channel === 'email' ? (form.texts[`${language}.subject`] ?? '') : '';
    if (body || subject) templates[language] = { body, ...(subject ? { subject } : {}) };
  }
  return {
    name: form.name,
    trigger: form.trigger,
    status: form.trigger === 'status_reached' ? form.status : null,
    channel: form.channel,
    portalMode: form.portalMode,
    templates,
    enabled: form.enabled,
  };
}

/** The server's pattern for a placeholder: `{{ name }}`, spaces around the name allowed. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text names that the API's list does not have, in order. */
export const unknownPlaceholders = (text: string, known: string[]) =>
  [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.includes(name));

/** The API's 400 messages by field (`en.body`, `name`, …), from `json.templates.en.body` style paths. */
export function fieldIssues(error: unknown): Map<string, string> {
  const issues = error instanceof ConsoleApiError ? error.issues : [];
  return new Map(issues.map((issue) => [issue.path.replace(/^json\.(templates\.)?/, ''), issue.message]));
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
export const languageName = (code: string) => languageNames.of(code) ?? code;
export const words = (code: string) => code.replace(/_/g, ' ');
