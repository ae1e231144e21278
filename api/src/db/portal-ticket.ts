import { STATUSES, type PortalApproach, type PortalTicket, type StatusKey, type StatusLabels } from '../schemas/contract';
import type { Tx } from './client';
import { iso, window } from './tickets';

/** Assumed road speed when there is no ETA to say how far away the technician is in minutes. */
const URBAN_KMH = 30;

/**
 * Everything the customer's timeline shows, in one primary-key lookup: the ticket's read model, its site's zone
 * and coordinates, the tenant's position rules and the profile's status labels. No notes, no contact data, no
 * address.
 */
export const portalTicketQuery = (tx: Tx, id: string) => tx<PortalTicketRow[]>`
  select t.id, t.external_ref, t.title, t.status, t.hold, l.timezone, t.technician_first_name, t.eta_from, t.eta_to,
         t.updated_at, t.status_reached, t.position_lat, t.position_lng, l.lat as site_lat, l.lng as site_lng,
         n.precise_position_km::float8 as precise_km, n.map_tile_url, coalesce(p.status_labels, '{}') as status_labels
  from tickets t
  join locations l on l.id = t.location_id
  join tenants n on n.id = t.tenant_id
  left join projects pr on pr.id = t.project_id
  left join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id,
                                                 (select d.id from portal_profiles d where d.is_default))
  where t.id = ${id}`;

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
  precise_km: number;
  map_tile_url: string | null;
  status_labels: StatusLabels;
}

export function toPortalTicket(row: PortalTicketRow, now: Date): PortalTicket {
  const current = STATUSES.indexOf(row.status);
  const eta = window(row.eta_from, row.eta_to);
  return {
    id: row.id,
    reference: row.external_ref,
    title: row.title,
    status: row.status,
    hold: row.hold,
    timezone: row.timezone,
    technician: row.technician_first_name ? { firstName: row.technician_first_name } : null,
    eta,
    approach: approachOf(row, eta, now),
    labels: row.status_labels,
    steps: STATUSES.map((status, index) => ({
      status,
      state: index < current ? 'done' : index === current ? 'current' : 'upcoming',
      at: index <= current ? iso(row.status_reached[status] ?? null) : null,
    })),
    updatedAt: iso(row.updated_at)!,
  };
}

/** The staged position: none unless on route, coarse until within the tenant's last stretch, then precise. */
function approachOf(row: PortalTicketRow, eta: { from: string } | null, now: Date): PortalApproach | null {
  if (row.status !== 'on_route' || row.hold) return null;
  if (row.position_lat === null || row.position_lng === null || row.site_lat === null || row.site_lng === null) {
    return { precision: 'coarse' };
  }
  const exactKm = haversineKm(row.position_lat, row.position_lng, row.site_lat, row.site_lng);
  if (exactKm > row.precise_km) return { precision: 'coarse' };
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
    mapTileUrl: row.map_tile_url,
  };
}

export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}
