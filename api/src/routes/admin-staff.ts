import { createRoute, z } from '@hono/zod-openapi';
import { listStaff } from '../db/staff';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { Staff, StaffInvite, StaffPatch } from '../schemas/staff';
import { router, type AppDeps } from './deps';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { staffCookie: [] }];
const tags = ['Admin: staff'];
const roleErrors = {
  403: errorResponse('ROLE_FORBIDDEN (dispatchers manage no staff; only owners make, change or remove owners)'),
};

/** Owners and admins manage the staff (dispatchers get 403 ROLE_FORBIDDEN from the role table in adminAuth). */
export function adminStaffRoutes({ staff, servedAt }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/staff',
        tags,
        security,
        summary: 'The staff accounts, oldest first',
        responses: { 200: jsonResponse(z.object({ items: z.array(Staff) }), 'Staff'), ...roleErrors, ...commonErrors },
      }),
      async (c) => c.json({ items: await c.var.tx(listStaff) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/staff',
        tags,
        security,
        summary: 'Invite someone: adds the account and e-mails a single-use sign-in link (valid 72 hours)',
        request: { body: jsonBody(StaffInvite) },
        responses: {
          201: jsonResponse(Staff, 'Invited'),
          ...roleErrors,
          409: errorResponse('STAFF_EXISTS'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const invited = await staff.invite(c.var.tenantId, c.var.actor, c.req.valid('json'), servedAt.consoleUrl(c));
        return c.json(invited, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/staff/{id}',
        tags,
        security,
        summary: 'Change a staff member’s role (the last owner stays owner: 409 LAST_OWNER)',
        request: { params: IdParams, body: jsonBody(StaffPatch) },
        responses: {
          200: jsonResponse(Staff, 'Changed'),
          ...roleErrors,
          409: errorResponse('LAST_OWNER'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await staff.change(c.var.tenantId, c.var.actor, id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/staff/{id}',
        tags,
        security,
        summary: 'Remove a staff member; their sessions end at once (the last owner cannot go: 409 LAST_OWNER)',
        request: { params: IdParams },
        responses: {
          204: { description: 'Removed' },
          ...roleErrors,
          409: errorResponse('LAST_OWNER'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await staff.change(c.var.tenantId, c.var.actor, id, 'remove');
        return c.body(null, 204);
      },
    );
}
