import type { PorchClient } from './client.js';
import type { PortalServiceRequest, PortalServiceRequests, ServiceRequestInput } from './types.js';

/**
 * The service-request calls: in their own module, so only `<porch-service-requests>`'s chunk carries them.
 */

/** The customer's requests, newest first, and what the form needs (`GET /v1/portal/service-requests`). */
export function serviceRequests(client: PorchClient, signal?: AbortSignal): Promise<PortalServiceRequests> {
  return client.call('GET', '/v1/portal/service-requests', signal);
}

/** Sends a request; answers it, pending, with its reference (403 `REQUESTS_DISABLED` while switched off). */
export function submitServiceRequest(client: PorchClient, input: ServiceRequestInput): Promise<PortalServiceRequest> {
  return client.call('POST', '/v1/portal/service-requests', undefined, input);
}
