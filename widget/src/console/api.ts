/**
 * The console's one API client, `consoleApi()`, assembled from a module per area (console/api/*.ts) over one request
 * function (console/api/request.ts). Screens import the client, its types and `describeError` from here only.
 */
import { accessCalls } from './api/access.js';
import { actionCalls } from './api/actions.js';
import { customerCalls } from './api/customers.js';
import { profileCalls } from './api/profiles.js';
import { requester } from './api/request.js';
import { sessionCalls } from './api/session.js';
import { settingsCalls } from './api/settings.js';
import { ticketCalls } from './api/tickets.js';

export * from './api/access.js';
export * from './api/actions.js';
export * from './api/customers.js';
export * from './api/profiles.js';
export { ConsoleApiError, describeError } from './api/request.js';
export * from './api/session.js';
export * from './api/settings.js';
export * from './api/tickets.js';

/** The client for the API at `base` (the console's own origin by default). */
export function consoleApi(base = '') {
  const request = requester(base);
  return {
    ...sessionCalls(request),
    ...ticketCalls(request),
    ...customerCalls(request),
    ...profileCalls(request),
    ...actionCalls(request),
    ...settingsCalls(request),
    ...accessCalls(request),
  };
}
export type ConsoleApi = ReturnType<typeof consoleApi>;
