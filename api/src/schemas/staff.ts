import { z } from '@hono/zod-openapi';

export const STAFF_ROLES = ['owner', 'admin', 'dispatcher'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const Email = z.email().max(254);

export const Staff = z
  .object({ id: z.uuid(), email: z.string(), role: z.enum(STAFF_ROLES), createdAt: z.string() })
  .openapi('Staff');
export type StaffView = z.infer<typeof Staff>;

export const StaffInvite = z.strictObject({ email: Email, role: z.enum(STAFF_ROLES) }).openapi('StaffInvite');
export const StaffPatch = z.strictObject({ role: z.enum(STAFF_ROLES) }).openapi('StaffPatch');

export const StaffSignInRequest = z
  .strictObject({
    tenant: z.string().min(1).max(64).openapi({ description: 'The tenant’s public id' }),
    email: Email,
  })
  .openapi('StaffSignInRequest');

export const StaffSignIn = z
  .strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'Not a sign-in token') })
  .openapi('StaffSignIn');

export const StaffSessionView = z
  .object({
    staff: Staff.pick({ id: true, email: true, role: true }),
    tenant: z.object({ id: z.uuid() }),
    sessionId: z.uuid(),
    expiresAt: z.string(),
    csrfToken: z.string().optional().openapi({
      description:
        'Only in the sign-in answer (afterwards read the porch_csrf cookie): send as X-CSRF-Token on every non-GET request',
    }),
  })
  .openapi('StaffSession');

export const StaffSessionItem = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean(),
  })
  .openapi('StaffSessionItem');
