import { z } from '@hono/zod-openapi';
import { Origin, TimeZone } from './common';
import { SCOPES } from './contract/access';
import { Status } from './tickets';

export const Settings = z
  .object({
    tenantId: z.uuid(),
    publicId: z.string(),
    name: z.string(),
    portalEnabled: z.boolean(),
    portalDisabledMessage: z.string().nullable(),
    serviceRequestsEnabled: z.boolean(),
    allowedOrigins: z.array(z.string()),
    portalUrl: z.string().nullable(),
    linkTtlDays: z.number().int(),
    precisePositionKm: z.number(),
    positionRetentionHours: z.number().int(),
    mapTileUrl: z.string().nullable(),
    statusMap: z.record(z.string(), Status),
    loginLinkTtlMinutes: z.number().int(),
    customerScopes: z.array(z.enum(SCOPES)),
    serviceTypes: z.array(z.string()),
    timezone: z.string().nullable().describe('The company’s IANA zone: the console shows its times in it'),
  })
  .openapi('TenantSettings');

export const SettingsPatch = z
  .strictObject({
    name: z.string().min(1).max(200),
    portalEnabled: z.boolean(),
    portalDisabledMessage: z.string().max(500).nullable(),
    serviceRequestsEnabled: z.boolean(),
    allowedOrigins: z.array(Origin).max(20),
    portalUrl: z.url().max(500).nullable(),
    linkTtlDays: z.number().int().min(1).max(365),
    /** The technician's exact position shows only within this distance of the site. */
    precisePositionKm: z.number().min(0.01).max(100),
    /** Positions are deleted this long after the visit. */
    positionRetentionHours: z.number().int().min(0).max(720),
    /** `https://…/{z}/{x}/{y}.png`; without it no map is shown and no tile is fetched. */
    mapTileUrl: z
      .url()
      .max(500)
      .refine((u) => u.startsWith('https://') && ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), {
        message: 'An https URL with {z}, {x} and {y}',
      })
      .nullable(),
    /** The tenant's internal status names → portal statuses. */
    statusMap: z.record(z.string().min(1).max(100), Status),
    /** How long a login link works (at most 10 minutes). */
    loginLinkTtlMinutes: z.number().int().min(1).max(10),
    /** What a customer-wide session (login link, company-minted identity) may do. */
    customerScopes: z
      .array(z.enum(SCOPES))
      .max(SCOPES.length)
      .refine((s) => new Set(s).size === s.length, { message: 'No repeats' }),
    /** What a customer may ask for in a service request (the portal's form offers these). */
    serviceTypes: z
      .array(z.string().trim().min(1).max(100))
      .min(1)
      .max(30)
      .refine((s) => new Set(s).size === s.length, { message: 'No repeats' }),
    /** The company's IANA zone, e.g. `Europe/Berlin`; null: the console shows each viewer's own zone. */
    timezone: TimeZone.nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change' })
  .openapi('TenantSettingsPatch');

export type SettingsView = z.infer<typeof Settings>;
export type SettingsPatchInput = z.infer<typeof SettingsPatch>;
