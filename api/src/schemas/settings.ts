import { z } from '@hono/zod-openapi';
import { Origin } from './common';

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
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change' })
  .openapi('TenantSettingsPatch');

export type SettingsView = z.infer<typeof Settings>;
export type SettingsPatchInput = z.infer<typeof SettingsPatch>;
