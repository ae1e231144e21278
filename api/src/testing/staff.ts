import { withTenant } from '../db/client';
import { createStaff, createStaffSession } from '../db/staff';
import type { StaffRole } from '../schemas/staff';
import type { Harness, TestTenant } from './harness';

/** The console's origin in tests that start the harness with `publicUrl: STAFF_CONSOLE` (cookies are `__Host-`). */
export const STAFF_CONSOLE = 'https://porch.example';

export type StaffCall = (
  method: string,
  path: string,
  options?: { body?: unknown; csrf?: string | null; origin?: string | null },
) => ReturnType<Harness['call']>;

/**
 * A staff member with a live cookie session, made directly in the database (the e-mail sign-in has its own tests),
 * and a caller that sends the cookie, the CSRF header and the console's Origin unless told otherwise.
 */
export async function staffMember(h: Harness, tenant: TestTenant, email: string, role: StaffRole) {
  const now = h.clock.now();
  const { staff, session } = await withTenant(h.db.sql, tenant.tenantId, async (tx) => {
    const staff = await createStaff(tx, tenant.tenantId, email, role, now);
    return { staff, session: await createStaffSession(tx, tenant.tenantId, staff.id, null, now) };
  });
  const cookie = `__Host-porch_staff=${session.token}; __Host-porch_csrf=${session.csrfToken}`;
  const call: StaffCall = (method, path, options = {}) => {
    const headers: Record<string, string> = { cookie };
    const csrf = options.csrf === undefined ? session.csrfToken : options.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    const origin = options.origin === undefined ? STAFF_CONSOLE : options.origin;
    return h.call(method, path, { body: options.body, headers, ...(origin ? { origin } : {}) });
  };
  return { id: staff.id, sessionId: session.id, call };
}
