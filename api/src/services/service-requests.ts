import { fireAutomatedActions } from '../db/automated-actions';
import {
  createTicketForRequest,
  enqueueRequestMail,
  getServiceRequest,
  insertServiceRequest,
  listAdminRequests,
  listCustomerRequests,
  markDecided,
  requestFormFacts,
} from '../db/service-requests';
import type { TenantDb } from '../db/tenant-db';
import { decodeCursor, encodeCursor, isTimestamp } from '../lib/cursor';
import {
  SERVICE_REQUEST_DESCRIPTION_MAX,
  type PortalServiceRequest,
  type PortalServiceRequests,
  type ServiceRequestStatus,
} from '../schemas/contract/service-requests';
import type {
  AdminServiceRequestView,
  ServiceRequestApproveInput,
  ServiceRequestCreateInput,
} from '../schemas/service-requests';

/** The customer a portal session speaks for. */
export interface RequestViewer {
  tenantId: string;
  customerId: string;
}

/** The customer's requests and what the form needs, in one read. */
export function customerServiceRequests(db: TenantDb, viewer: RequestViewer): Promise<PortalServiceRequests> {
  return db.withTenant(viewer.tenantId, async (tx) => {
    const [facts, items] = [
      await requestFormFacts(tx, viewer.customerId),
      await listCustomerRequests(tx, viewer.customerId),
    ];
    return { ...facts, descriptionMaxLength: SERVICE_REQUEST_DESCRIPTION_MAX, items };
  });
}

/** Records the request and queues its confirmation mail, in one transaction: both or neither. */
export function submitServiceRequest(
  db: TenantDb,
  viewer: RequestViewer,
  input: ServiceRequestCreateInput,
  now: Date,
): Promise<PortalServiceRequest> {
  return db.withTenant(viewer.tenantId, async (tx) => {
    const { id } = await insertServiceRequest(tx, viewer.tenantId, viewer.customerId, input, now);
    const request = await getServiceRequest(tx, id);
    await enqueueRequestMail(tx, viewer.tenantId, request, 'received', now);
    const { customer: _c, locationId: _l, address: _a, ...forPortal } = request;
    return forPortal;
  });
}

/** A requests cursor: the last row's (created_at, seq), bound to the status filter it was made for. */
const readPlace = ([createdAt, seq, ...rest]: unknown[]) =>
  isTimestamp(createdAt) && typeof seq === 'string' && /^\d{1,18}$/.test(seq) && rest.length === 0
    ? { createdAt, seq }
    : undefined;

/** One page of the tenant's requests for the dispatcher, newest first, continued by `nextCursor`. */
export async function adminServiceRequests(
  db: TenantDb,
  tenantId: string,
  query: { status?: ServiceRequestStatus; limit: number; cursor?: string },
): Promise<{ items: AdminServiceRequestView[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.status ?? null, readPlace);
  const rows = await db.withTenant(tenantId, (tx) =>
    listAdminRequests(tx, { status: query.status, limit: query.limit + 1, after }),
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ seq: _, ...item }) => item),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt, last.seq], query.status ?? null) : null,
  };
}

/**
 * Approves a pending request, all in one transaction: marks it approved, creates its job (which then shows among
 * the customer's active jobs), fires the `ticket_created` and `service_request_decided` automated actions on that
 * job and queues Porchlight's decision mail to the customer.
 */
export function approveServiceRequest(
  db: TenantDb,
  tenantId: string,
  id: string,
  options: ServiceRequestApproveInput,
  now: Date,
): Promise<{ request: AdminServiceRequestView; ticketId: string }> {
  return db.withTenant(tenantId, async (tx) => {
    await markDecided(tx, id, { status: 'approved' }, now);
    const ticketId = await createTicketForRequest(tx, tenantId, await getServiceRequest(tx, id), options, now);
    await fireAutomatedActions(tx, tenantId, 'ticket_created', ticketId, { now });
    await fireAutomatedActions(tx, tenantId, 'service_request_decided', ticketId, { now });
    const request = await getServiceRequest(tx, id);
    await enqueueRequestMail(tx, tenantId, request, 'approved', now);
    return { request, ticketId };
  });
}

/**
 * Declines a pending request with the reason the customer will read, and queues the decision mail. A declined
 * request has no job, so no automated action fires (they act on a job); Porchlight's own mail tells the customer.
 */
export function declineServiceRequest(
  db: TenantDb,
  tenantId: string,
  id: string,
  reason: string,
  now: Date,
): Promise<AdminServiceRequestView> {
  return db.withTenant(tenantId, async (tx) => {
    await markDecided(tx, id, { status: 'declined', reason }, now);
    const request = await getServiceRequest(tx, id);
    await enqueueRequestMail(tx, tenantId, request, 'declined', now);
    return request;
  });
}
