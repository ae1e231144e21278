import type { PortalMode, Scope } from '../schemas/contract/access';
import type { Module } from '../schemas/contract/portal';

/** What a profile grants: the modules it chose, its booking mode and whether it collects feedback. */
export interface ProfileGrant {
  mode: PortalMode;
  feedbackEnabled: boolean;
  modules: Module[];
}

/**
 * The scopes a profile's links grant. `track` always (the status); `book` needs both the booking mode and the
 * appointment module; the later sections grant their own scope (messages → `comments`, invoices → `invoices` and
 * `pay`). `feedbackEnabled` keeps granting `feedback` as before modules existed.
 */
export function scopesForProfile({ mode, feedbackEnabled, modules }: ProfileGrant): Scope[] {
  const scopes: Scope[] = ['track'];
  if (mode === 'tracking+booking' && modules.includes('appointment')) scopes.push('book');
  if (feedbackEnabled || modules.includes('feedback')) scopes.push('feedback');
  if (modules.includes('requests')) scopes.push('requests');
  if (modules.includes('messages')) scopes.push('comments');
  if (modules.includes('invoices')) scopes.push('invoices', 'pay');
  return scopes;
}

const MODULE_SCOPE: Record<Module, Scope> = {
  status: 'track',
  appointment: 'book',
  updates: 'track',
  share: 'track',
  feedback: 'feedback',
  requests: 'requests',
  messages: 'comments',
  invoices: 'invoices',
};

/**
 * The sections a session may open for one job: the job's profile's modules whose scope the session holds (and the
 * profile grants). A shared view never shares further.
 */
export function sectionsFor(profile: ProfileGrant, sessionScopes: Scope[], canShare: boolean): Module[] {
  const granted = scopesForProfile(profile);
  return profile.modules.filter((module) => {
    const scope = MODULE_SCOPE[module];
    if (module === 'share' && !canShare) return false;
    return granted.includes(scope) && sessionScopes.includes(scope);
  });
}
