import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase } from '../testing/database';
import { withTenant } from './client';
import type { Database } from './open';
import { createStaff, createStaffSession, touchStaffSession } from './staff';
import { createTenant } from './tenants';

let db: Database;
before(async () => (db = await freshDatabase({ poolSize: 2 })));
after(() => db.close());

describe('staff sessions', () => {
  it('records a session’s use at most once a minute, so console requests do not each write a row', async () => {
    const { tenantId } = await createTenant(db.sql, { name: 'Touch', origins: ['https://touch.example'] });
    const start = new Date('2026-12-07T09:00:00Z');
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const session = await withTenant(db.sql, tenantId, async (tx) => {
      const staff = await createStaff(tx, tenantId, 'ada@touch.example', 'owner', start);
      return createStaffSession(tx, tenantId, staff.id, null, start);
    });
    const lastSeen = async () =>
      (
        await db.sql<{ at: Date }[]>`select last_seen_at as at from staff_sessions where id = ${session.id}`
      )[0]!.at.toISOString();

    await withTenant(db.sql, tenantId, (tx) => touchStaffSession(tx, session.id, at(30)));
    assert.equal(await lastSeen(), start.toISOString(), 'within the minute: not written');
    await withTenant(db.sql, tenantId, (tx) => touchStaffSession(tx, session.id, at(61)));
    assert.equal(await lastSeen(), at(61).toISOString(), 'after a minute: written');
    await withTenant(db.sql, tenantId, (tx) => touchStaffSession(tx, session.id, at(90)));
    assert.equal(await lastSeen(), at(61).toISOString());
  });
});
