import { randomBytes } from 'node:crypto';
import { DomainError, notFound } from '../lib/outcomes';
import { requestSummary, SERVICE_REQUEST_MAIL, type RequestMailKind } from '../lib/service-request-mail';
import { mailLanguage } from '../schemas/activation';
import type { PortalServiceRequest, ServiceRequestStatus, Urgency } from '../schemas/contract/service-requests';
import type { AdminServiceRequestView, ServiceRequestCreateInput } from '../schemas/service-requests';
import type { Tx } from './client';
import { iso } from './tickets';

/** The outbox triggers of Porchlight's own request mails (customer mails: no ticket, no automated action). */
export const REQUEST_MAIL_TRIGGER: Record<RequestMailKind, string> = {
  received: 'service_request_received',
  approved: 'service_request_decided',
  declined: 'service_request_decided',
};

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** SR- and 8 random characters (40 bits): unguessable enough that a reference says nothing about how many exist. */
export const newReference = () => `SR-${[...randomBytes(8)].map((b) => ALPHABET[b % 32]).join('')}`;

interface Row {
  id: string;
  reference: string;
  status: ServiceRequestStatus;
  serviceType: string;
  description: string;
  urgency: Urgency;
  preferredDate: string | null;
  location: { line1: string; city: string; postalCode: string | null };
  declineReason: string | null;
  ticketId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  seq: string;
  customer: { id: string; name: string; email: string | null };
  locationId: string | null;
  address: { line1: string; city: string; postalCode: string | null; country: string } | null;
}

const columns = (tx: Tx) => tx`
  r.id, r.reference, r.status, r.service_type as "serviceType", r.description, r.urgency,
  to_char(r.preferred_date, 'YYYY-MM-DD') as "preferredDate",
  case when l.id is not null then json_build_object('line1', l.line1, 'city', l.city, 'postalCode', l.postal_code)
       else json_build_object('line1', r.address->>'line1', 'city', r.address->>'city',
                              'postalCode', r.address->>'postalCode') end as location,
  r.decline_reason as "declineReason", r.ticket_id as "ticketId", r.created_at as "createdAt",
  r.decided_at as "decidedAt", r.seq::text as seq,
  json_build_object('id', c.id, 'name', c.name, 'email', c.email) as customer, r.location_id as "locationId",
  case when r.address is null then null
       else jsonb_build_object('line1', r.address->>'line1', 'city', r.address->>'city',
                               'postalCode', r.address->>'postalCode', 'country', r.address->>'country') end as address`;

const from = (tx: Tx) => tx`
  service_requests r join customers c on c.id = r.customer_id left join locations l on l.id = r.location_id`;

const toPortal = (row: Row): PortalServiceRequest => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  serviceType: row.serviceType,
  description: row.description,
  urgency: row.urgency,
  preferredDate: row.preferredDate,
  location: row.location,
  declineReason: row.declineReason,
  ticketId: row.ticketId,
  createdAt: iso(row.createdAt)!,
  decidedAt: iso(row.decidedAt),
});

const toAdmin = (row: Row): AdminServiceRequestView => ({
  ...toPortal(row),
  customer: row.customer,
  locationId: row.locationId,
  address: row.address,
});

/** What the portal's form needs: the switch, the company's service types and the customer's own locations. */
export async function requestFormFacts(tx: Tx, customerId: string) {
  const [tenant] = await tx<{ enabled: boolean; serviceTypes: string[] }[]>`
    select service_requests_enabled as enabled, service_types as "serviceTypes" from tenants`;
  const locations = await tx<{ id: string; line1: string; city: string; postalCode: string | null }[]>`
    select id, line1, city, postal_code as "postalCode" from locations
    where customer_id = ${customerId} order by created_at desc, id limit 50`;
  return { ...tenant!, locations };
}

/** The customer's requests, newest first. */
export async function listCustomerRequests(tx: Tx, customerId: string): Promise<PortalServiceRequest[]> {
  const rows = await tx<Row[]>`
    select ${columns(tx)} from ${from(tx)} where r.customer_id = ${customerId}
    order by r.created_at desc, r.seq desc limit 100`;
  return rows.map(toPortal);
}

const invalid = (path: string, message: string) =>
  new DomainError('invalid', 'The request is not valid', { issues: [{ path: `json.${path}`, message }] });

/**
 * Records a customer's request. Refused with REQUESTS_DISABLED while the company's switch is off, 404 for a location
 * that is not the customer's (another customer's or tenant's), 400 for a service type the company does not offer or
 * a preferred date in the past or more than a year ahead (`today` is the UTC day of the app's clock).
 */
export async function insertServiceRequest(
  tx: Tx,
  tenantId: string,
  customerId: string,
  input: ServiceRequestCreateInput,
  now: Date,
): Promise<{ id: string }> {
  const { enabled, serviceTypes } = await requestFormFacts(tx, customerId);
  if (!enabled) throw new DomainError('requests-disabled', 'The company does not take service requests at the moment');
  if (!serviceTypes.includes(input.serviceType)) throw invalid('serviceType', 'Not one of the company’s service types');
  const today = now.toISOString().slice(0, 10);
  const yearAhead = new Date(now.getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
  if (input.preferredDate && (input.preferredDate < today || input.preferredDate > yearAhead))
    throw invalid('preferredDate', 'Today or later, within a year');
  if (input.locationId) {
    const [own] = await tx`select 1 from locations where id = ${input.locationId} and customer_id = ${customerId}`;
    if (!own) throw notFound('Location');
  }
  const address = input.address ? { postalCode: null, ...input.address } : null;
  const [row] = await tx<{ id: string }[]>`
    insert into service_requests (tenant_id, reference, customer_id, location_id, address, service_type, description,
                                  preferred_date, urgency, created_at)
    values (${tenantId}, ${newReference()}, ${customerId}, ${input.locationId ?? null},
            ${address ? tx.json(address) : null}, ${input.serviceType}, ${input.description},
            ${input.preferredDate ?? null}, ${input.urgency}, ${now})
    returning id`;
  return row!;
}

export async function getServiceRequest(tx: Tx, id: string): Promise<AdminServiceRequestView> {
  const [row] = await tx<Row[]>`select ${columns(tx)} from ${from(tx)} where r.id = ${id}`;
  if (!row) throw notFound('Service request');
  return toAdmin(row);
}

/** One page of the tenant's requests, newest first, after `after` (the previous page's last row). */
export async function listAdminRequests(
  tx: Tx,
  query: { status?: ServiceRequestStatus; limit: number; after?: { createdAt: string; seq: string } },
): Promise<(AdminServiceRequestView & { seq: string })[]> {
  const { status, after } = query;
  const rows = await tx<Row[]>`
    select ${columns(tx)} from ${from(tx)}
    where true ${status ? tx`and r.status = ${status}` : tx``}
      ${after ? tx`and (r.created_at, r.seq) < (${after.createdAt}::timestamptz, ${after.seq}::bigint)` : tx``}
    order by r.created_at desc, r.seq desc
    limit ${query.limit}`;
  return rows.map((row) => ({ ...toAdmin(row), seq: row.seq }));
}

/**
 * Decides a pending request in one statement, so of two deciders exactly one wins: 409 REQUEST_ALREADY_DECIDED for
 * the other (and for any later decision), 404 for an unknown id.
 */
export async function markDecided(
  tx: Tx,
  id: string,
  decision: { status: 'approved' } | { status: 'declined'; reason: string },
  now: Date,
): Promise<void> {
  const reason = decision.status === 'declined' ? decision.reason : null;
  const [row] = await tx`
    update service_requests set status = ${decision.status}, decline_reason = ${reason}, decided_at = ${now}
    where id = ${id} and status = 'pending' returning id`;
  if (row) return;
  const [known] = await tx<{ status: string }[]>`select status from service_requests where id = ${id}`;
  if (!known) throw notFound('Service request');
  throw new DomainError('request-decided', `This request was already ${known.status}`);
}

/**
 * The job an approval makes: at the request's location (a new address becomes a location of the customer, in
 * `timezone` or the zone of the customer's latest location, else UTC), received now, linked to the request.
 */
export async function createTicketForRequest(
  tx: Tx,
  tenantId: string,
  request: AdminServiceRequestView,
  options: { title?: string; externalRef?: string; timezone?: string },
  now: Date,
): Promise<string> {
  let locationId = request.locationId;
  if (!locationId) {
    const address = request.address!;
    const [location] = await tx<{ id: string }[]>`
      insert into locations (tenant_id, customer_id, line1, city, postal_code, country, created_at, timezone)
      values (${tenantId}, ${request.customer.id}, ${address.line1}, ${address.city}, ${address.postalCode},
              ${address.country}, ${now},
              coalesce(${options.timezone ?? null}::text,
                       (select timezone from locations where customer_id = ${request.customer.id}
                        order by created_at desc, id limit 1),
                       'UTC'))
      returning id`;
    locationId = location!.id;
  }
  const [ticket] = await tx<{ id: string }[]>`
    with t as (
      insert into tickets (tenant_id, external_ref, customer_id, location_id, title, description, status_reached,
                           created_at, updated_at)
      values (${tenantId}, ${options.externalRef ?? request.reference}, ${request.customer.id}, ${locationId},
              ${options.title ?? request.serviceType}, ${request.description},
              jsonb_build_object('received', ${now}::timestamptz), ${now}, ${now})
      returning id, created_at
    )
    insert into ticket_events (tenant_id, ticket_id, kind, status, occurred_at)
    select ${tenantId}, t.id, 'created', 'received', t.created_at from t
    returning ticket_id as id`;
  await tx`update service_requests set ticket_id = ${ticket!.id} where id = ${request.id}`;
  return ticket!.id;
}

/**
 * Queues Porchlight's mail about the request to the customer's address, in the caller's transaction. Without an
 * address the row is still written, failed with CUSTOMER_EMAIL_MISSING, so the dispatcher sees it.
 */
export async function enqueueRequestMail(
  tx: Tx,
  tenantId: string,
  request: AdminServiceRequestView,
  kind: RequestMailKind,
  now: Date,
): Promise<{ id: string }> {
  const [facts] = await tx<{ locale: string | null; profileLanguage: string | null; company: string }[]>`
    select c.locale, (select language from portal_profiles where is_default) as "profileLanguage",
           (select name from tenants) as company
    from customers c where c.id = ${request.customer.id}`;
  const language = mailLanguage(facts!.locale, facts!.profileLanguage);
  const { line1, postalCode, city } = request.location;
  const context = {
    'customer.name': request.customer.name,
    'company.name': facts!.company,
    'request.reference': request.reference,
    'request.reason': request.declineReason ?? '',
    'request.summary': requestSummary(language, {
      ...request,
      place: `${line1}, ${[postalCode, city].filter(Boolean).join(' ')}`,
    }),
  };
  const email = request.customer.email;
  const [row] = await tx<{ id: string }[]>`
    insert into outbox (tenant_id, customer_id, trigger, channel, recipient, language, template, context, state,
                        failure_reason, next_attempt_at, created_at)
    values (${tenantId}, ${request.customer.id}, ${REQUEST_MAIL_TRIGGER[kind]}, 'email', ${email}, ${language},
            ${tx.json(SERVICE_REQUEST_MAIL[kind][language])}, ${tx.json(context)}, ${email ? 'pending' : 'failed'},
            ${email ? null : 'CUSTOMER_EMAIL_MISSING'}, ${now}, ${now})
    returning id`;
  return row!;
}
