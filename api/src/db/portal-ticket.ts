import { visitProblemOf } from '../lib/visit-problem';
import { STATUSES, type PortalApproach, type PortalTicket, type StatusKey } from '../schemas/contract/tickets';
import type { Sql, Tx } from './client';
import type { PortalTenant } from './tenants';
import { iso, etaWindow } from './tickets';

/** Assumed road speed when there is no ETA to say how far away the technician is in minutes. */
const URBAN_KMH = 30;

/**
 * What the customer's timeline needs from the ticket, in one statement: its read model, its site's zone and
 * coordinates and the profile it shows — no notes, no contact data, no address. The tenant's position rules and
 * status labels come from the cached `PortalTenant`. `porch_portal_ticket` (migration 0010) enters the tenant
 * itself, so outside a transaction this is one round trip and one statement; inside a tenant transaction it reads
 * the same way.
 */
export const portalTicketQuery = (sql: Sql | Tx, tenantId: string, id: string) =>
  sql<PortalTicketRow[]>`select * from porch_portal_ticket(${tenantId}, ${id})`;

export interface PortalTicketRow {
  id: string;
  external_ref: string | null;
  title: string;
  status: StatusKey;
  hold: 'on_hold' | 'cancelled' | null;
  timezone: string;
  technician_first_name: string | null;
  eta_from: Date | null;
  eta_to: Date | null;
  updated_at: Date;
  status_reached: Record<string, string>;
  position_lat: number | null;
  position_lng: number | null;
  site_lat: number | null;
  site_lng: number | null;
  /** The ticket's own profile, else its project's; null means the tenant's default profile. */
  profile_id: string | null;
  /** The booked visit, if any (migration 0039), and the parts window it must fall in. */
  appointment_day: string | null;
  appointment_start: Date | null;
  appointment_end: Date | null;
  parts_from: string | null;
  parts_to: string | null;
  /** Since booked, the company closed the visit's day, or its engineer is away then (migration 0041). */
  day_closed: boolean;
  engineer_away: boolean;
}

export function toPortalTicket(row: PortalTicketRow, tenant: PortalTenant, now: Date): PortalTicket {
  const current = STATUSES.indexOf(row.status);
  const eta = etaWindow(row.eta_from, row.eta_to);
  return {
    id: row.id,
    reference: row.external_ref,
    title: row.title,
    status: row.status,
    hold: row.hold,
    timezone: row.timezone,
    technician: row.technician_first_name ? { firstName: row.technician_first_name } : null,
    eta,
    approach: approachOf(row, tenant, eta, now),
    appointment: appointmentOf(row),
    labels: tenant.statusLabels[row.profile_id ?? tenant.defaultProfileId ?? ''] ?? {},
    steps: STATUSES.map((status, index) => ({
      status,
      state: index < current ? 'done' : index === current ? 'current' : 'upcoming',
      at: index <= current ? iso(row.status_reached[status] ?? null) : null,
    })),
    updatedAt: iso(row.updated_at)!,
  };
}

/** The booked visit, and why it can no longer take place as booked (`problem`). */
function appointmentOf(row: PortalTicketRow): PortalTicket['appointment'] {
  const { appointment_day: date, appointment_start: start, appointment_end: end } = row;
  if (!date || !start || !end) return null;
  const problem = visitProblemOf({
    date,
    partsFrom: row.parts_from,
    partsTo: row.parts_to,
    dayClosed: row.day_closed,
    engineerAway: row.engineer_away,
  });
  return { date, start: iso(start)!, end: iso(end)!, problem };
}

/** The staged position: none unless on route, coarse until within the tenant's last stretch, then precise. */
function approachOf(
  row: PortalTicketRow,
  tenant: PortalTenant,
  eta: { from: string } | null,
  now: Date,
): PortalApproach | null {
  if (row.status !== 'on_route' || row.hold) return null;
  if (row.position_lat === null || row.position_lng === null || row.site_lat === null || row.site_lng === null) {
    return { precision: 'coarse' };
  }
  const exactKm = haversineKm(row.position_lat, row.position_lng, row.site_lat, row.site_lng);
  if (exactKm > tenant.precisePositionKm) return { precision: 'coarse' };
  const distanceKm = Math.round(exactKm * 10) / 10;
  const minutesAway = eta
    ? Math.max(0, Math.ceil((Date.parse(eta.from) - now.getTime()) / 60_000))
    : Math.max(1, Math.round((distanceKm / URBAN_KMH) * 60));
  return {
    precision: 'precise',
    lat: row.position_lat,
    lng: row.position_lng,
    distanceKm,
    minutesAway,
    mapTileUrl: tenant.mapTileUrl,
  };
}

export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}
