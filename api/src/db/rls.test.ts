import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, withTenant } from './client';
import { portalTicketQuery } from './portal-ticket';
import { migrate } from './migrate';
import { freshDatabase } from '../testing/database';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness({ poolSize: 2 })));
after(() => h.close());

const tenantTables = async () =>
  (
    await h.db.sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id' order by table_name`
  ).map((r) => r.table_name);

describe('row-level security', () => {
  it('is enabled and forced on every table with a tenant_id, and on tenants', async () => {
    const tables = [...(await tenantTables()), 'tenants'];
    assert.ok(tables.length >= 9);
    const rows = await h.db.sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in ${h.db.sql(tables)}`;
    assert.equal(rows.length, tables.length);
    for (const row of rows) assert.ok(row.relrowsecurity && row.relforcerowsecurity, row.relname);
  });

  it('runs requests as a role that is neither superuser nor exempt from RLS', async () => {
    const [role] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`
      select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
    );
    assert.deepEqual({ ...role }, { name: 'porchlight_app', rolsuper: false, rolbypassrls: false });
  });

  it('shows 0 rows of any table when no tenant is set, and exactly the tenant’s own rows when it is', async () => {
    await h.createTicket(h.a);
    await h.createTicket(h.b);
    const count = async (tenantId: string | null, table: string) =>
      (await withTenant(h.db.sql, tenantId, (tx) => tx`select count(*)::int as n from ${tx(table)}`))[0]!.n;
    let seen = 0;
    for (const table of await tenantTables()) {
      assert.equal(await count(null, table), 0, table);
      // Positive control: the same probe inside tenant A counts A's rows, as the owner (no RLS) counts them.
      const [own] = await h.db.sql`select count(*)::int as n from ${h.db.sql(table)} where tenant_id = ${h.a.tenantId}`;
      assert.equal(await count(h.a.tenantId, table), own!.n, `${table} inside tenant A`);
      seen += own!.n;
    }
    assert.equal(await count(null, 'tenants'), 0, 'tenants');
    assert.equal(await count(h.a.tenantId, 'tenants'), 1, 'tenants inside tenant A');
    assert.ok(seen >= 4, `tenant A's ticket, customer, location and event are counted (${seen} rows)`);
  });

  it('refuses to write a row for another tenant', async () => {
    await assert.rejects(
      withTenant(
        h.db.sql,
        h.a.tenantId,
        (tx) => tx`insert into customers (tenant_id, name) values (${h.b.tenantId}, 'Intruder')`,
      ),
      (error: { code?: string }) => error.code === '42501',
    );
  });

  it('never leaks across tenants under pooling: 2 tenants × 500 interleaved requests on a pool of 2', async () => {
    const [ticketA, ticketB] = [await h.createTicket(h.a), await h.createTicket(h.b, { title: 'Boiler B' })];
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const [tenant, ticket] = i % 2 ? [h.b, ticketB] : [h.a, ticketA];
        return withTenant(
          h.db.sql,
          tenant.tenantId,
          (tx) => tx<{ id: string; tenant_id: string }[]>`select id, tenant_id from tickets`,
        ).then((rows) => ({ tenant, rows, ticket }));
      }),
    );
    const foreign = results.flatMap(({ tenant, rows }) => rows.filter((r) => r.tenant_id !== tenant.tenantId));
    assert.equal(foreign.length, 0);
    // Positive control: every one of the reads found its own tenant's ticket.
    const blind = results.filter(({ rows, ticket }) => !rows.some((r) => r.id === ticket.id));
    assert.equal(blind.length, 0, 'reads that missed their own tenant’s ticket');
  });
});

describe('porch_portal_ticket (the one-statement timeline read)', () => {
  it('reads only inside the tenant it is given, and leaves no role or tenant behind on the connection', async () => {
    const ticket = await h.createTicket(h.a);
    assert.equal((await portalTicketQuery(h.db.sql, h.a.tenantId, ticket.id)).length, 1);
    assert.equal((await portalTicketQuery(h.db.sql, h.b.tenantId, ticket.id)).length, 0, 'another tenant sees nothing');
    const reserved = await h.db.sql.reserve();
    try {
      await portalTicketQuery(reserved, h.a.tenantId, ticket.id);
      const [after] =
        await reserved`select current_user as role, current_setting('porchlight.tenant_id', true) as tenant`;
      assert.notEqual(after!.role, 'porchlight_app');
      assert.ok(!after!.tenant, 'the tenant ended with the statement');
    } finally {
      reserved.release();
    }
  });
});

describe('migrations', () => {
  it('two processes starting at once on an empty database: one applies, the other waits and finds nothing to do', async () => {
    const db = await freshDatabase({ migrate: false });
    const second = connect({ url: db.url, max: 1, prepare: db.kind === 'postgres' });
    try {
      const runs = await Promise.all([migrate(db.sql), migrate(second)]);
      const applied = runs.map((r) => r.length).sort();
      assert.equal(applied[0], 0);
      assert.ok(applied[1]! >= 1);
      const rows = await db.sql`select version from schema_migrations`;
      assert.equal(rows.length, applied[1]);
      assert.deepEqual(await migrate(db.sql), []);
    } finally {
      await second.end();
      await db.close();
    }
  });
});
