import { randomUUID } from 'node:crypto';
import { systemClock } from '../lib/clock';
import { randomToken } from '../lib/tokens';
import { issueApiKey } from './api-keys';
import type { SettingsPatchInput, SettingsView } from '../schemas/settings';
import type { StatusLabels } from '../schemas/contract/tickets';
import { withTenant, type Sql, type Tx } from './client';
import { toColumns } from './columns';

export interface NewTenant {
  name: string;
  origins: string[];
  portalUrl?: string;
  publicId?: string;
  /** The tenant's and its default profile's created_at; the system clock unless a test runs on its own. */
  now?: Date;
}

/** Creates a tenant with a default portal profile and its first API key. The key is returned once, never stored. */
export async function createTenant(
  sql: Sql,
  input: NewTenant,
): Promise<{ tenantId: string; publicId: string; apiKey: string }> {
  const tenantId = randomUUID();
  const publicId = input.publicId ?? `t_${randomToken(9)}`;
  const apiKey = await withTenant(sql, tenantId, async (tx) => {
    const now = input.now ?? systemClock.now();
    await tx`insert into tenants (id, public_id, name, allowed_origins, portal_url, created_at)
             values (${tenantId}, ${publicId}, ${input.name}, ${input.origins}, ${input.portalUrl ?? input.origins[0] ?? null}, ${now})`;
    await tx`insert into portal_profiles (tenant_id, name, is_default, created_at) values (${tenantId}, 'Default', true, ${now})`;
    return (await issueApiKey(tx, tenantId, null, now)).apiKey;
  });
  return { tenantId, publicId, apiKey };
}

/**
 * Issues a new API key; the previous ones keep working for `overlapHours` so the company can roll the new key
 * out to its servers without downtime (0 revokes them at once).
 */
export function rotateApiKey(sql: Sql, tenantId: string, overlapHours: number, now: Date): Promise<string> {
  return withTenant(sql, tenantId, (tx) => rotateApiKeyIn(tx, tenantId, overlapHours, now));
}

export async function rotateApiKeyIn(tx: Tx, tenantId: string, overlapHours: number, now: Date): Promise<string> {
  const until = new Date(now.getTime() + overlapHours * 3_600_000);
  const [tenant] = await tx`select 1 from tenants`;
  if (!tenant) throw new Error(`No tenant ${tenantId}`);
  await tx`update api_keys set expires_at = ${until} where expires_at is null or expires_at > ${until}`;
  return (await issueApiKey(tx, tenantId, null, now)).apiKey;
}

/** Operator listing across tenants (CLI only): runs as the database owner, never inside a request. */
export function listTenants(sql: Sql) {
  return sql<{ id: string; publicId: string; name: string; allowedOrigins: string[]; createdAt: Date }[]>`
    select id, public_id as "publicId", name, allowed_origins as "allowedOrigins", created_at as "createdAt"
    from tenants order by created_at, seq`;
}

const settingsColumns = (tx: Tx) => tx`
  id as "tenantId", public_id as "publicId", name, portal_enabled as "portalEnabled",
  portal_disabled_message as "portalDisabledMessage", service_requests_enabled as "serviceRequestsEnabled",
  allowed_origins as "allowedOrigins", portal_url as "portalUrl", link_ttl_days as "linkTtlDays",
  precise_position_km::float8 as "precisePositionKm", position_retention_hours as "positionRetentionHours",
  map_tile_url as "mapTileUrl", status_map as "statusMap", login_link_ttl_minutes as "loginLinkTtlMinutes",
  customer_scopes as "customerScopes", service_types as "serviceTypes", timezone`;

export async function getSettings(tx: Tx): Promise<SettingsView> {
  const [row] = await tx<SettingsView[]>`select ${settingsColumns(tx)} from tenants`;
  return row!;
}

export async function updateSettings(tx: Tx, patch: SettingsPatchInput): Promise<SettingsView> {
  const columns = toColumns(patch, {
    name: 'name',
    portalEnabled: 'portal_enabled',
    portalDisabledMessage: 'portal_disabled_message',
    serviceRequestsEnabled: 'service_requests_enabled',
    allowedOrigins: 'allowed_origins',
    portalUrl: 'portal_url',
    linkTtlDays: 'link_ttl_days',
    precisePositionKm: 'precise_position_km',
    positionRetentionHours: 'position_retention_hours',
    mapTileUrl: 'map_tile_url',
    loginLinkTtlMinutes: 'login_link_ttl_minutes',
    customerScopes: 'customer_scopes',
    serviceTypes: 'service_types',
    timezone: 'timezone',
  });
  if (patch.statusMap) columns.status_map = tx.json(patch.statusMap);
  const [row] = await tx<SettingsView[]>`update tenants set ${tx(columns)} returning ${settingsColumns(tx)}`;
  return row!;
}

/**
 * What every portal request needs to know about its tenant: the gate (origins, portal switch) and the rarely
 * changing parts of how its timeline reads (position rules, each profile's status labels).
 */
export interface PortalTenant {
  name: string;
  allowedOrigins: string[];
  portalEnabled: boolean;
  portalDisabledMessage: string | null;
  precisePositionKm: number;
  mapTileUrl: string | null;
  defaultProfileId: string | null;
  /** Status labels by profile id. */
  statusLabels: Record<string, StatusLabels>;
}

export async function getPortalTenant(tx: Tx): Promise<PortalTenant | undefined> {
  const [row] = await tx<PortalTenant[]>`
    select name, allowed_origins as "allowedOrigins", portal_enabled as "portalEnabled",
           portal_disabled_message as "portalDisabledMessage", precise_position_km::float8 as "precisePositionKm",
           map_tile_url as "mapTileUrl",
           (select p.id from portal_profiles p where p.is_default) as "defaultProfileId",
           (select coalesce(jsonb_object_agg(p.id, p.status_labels), '{}') from portal_profiles p) as "statusLabels"
    from tenants`;
  return row;
}
