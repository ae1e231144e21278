import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from './open';
import type { TenantDb } from './tenant-db';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const postgres = !!process.env.DATABASE_URL;
const embeddedKeepsTheSwitch = !postgres && 'the embedded database has one user: it keeps the role switch (documented)';
const handles = () =>
  [
    ['request', h.db.tenants, 'porchlight_app'],
    ['worker', h.db.workers, 'porchlight_worker'],
  ] as const;

const owner = async () => (await h.db.sql<{ name: string }[]>`select current_user as name`)[0]!.name;
const whoAmI = (db: TenantDb) =>
  db.withoutTenant(async (tx) => {
    const [me] = await tx<{ session: string; current: string; rolsuper: boolean; rolbypassrls: boolean }[]>`
      select session_user as session, current_user as current, rolsuper, rolbypassrls
      from pg_roles where rolname = current_user`;
    return { ...me! };
  });
/** The SQLSTATE a statement fails with inside a transaction of `db`; null when it succeeds. */
const failureOf = (db: TenantDb, run: Parameters<TenantDb['withoutTenant']>[0]) =>
  db.withoutTenant(run).then(
    () => null,
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('least privilege: the roles the API runs as', () => {
  it('requests and platform jobs run as roles that are neither superuser nor BYPASSRLS', async () => {
    for (const [name, db, role] of handles()) {
      assert.deepEqual(
        await whoAmI(db),
        { session: postgres ? role : await owner(), current: role, rolsuper: false, rolbypassrls: false },
        name,
      );
    }
  });

  it(
    'on PostgreSQL they log in as themselves, so RESET ROLE leaves nothing to go back to',
    { skip: embeddedKeepsTheSwitch },
    async () => {
      for (const [name, db, role] of handles()) {
        const after = await db.withoutTenant(async (tx) => {
          await tx`reset role`;
          const [me] = await tx<{ name: string; rolsuper: boolean }[]>`
          select current_user as name, rolsuper from pg_roles where rolname = current_user`;
          return { ...me! };
        });
        assert.deepEqual(after, { name: role, rolsuper: false }, name);
      }
    },
  );

  it(
    'on PostgreSQL they cannot become the owner, a superuser or the other role',
    { skip: embeddedKeepsTheSwitch },
    async () => {
      const ownerName = await owner();
      for (const [name, db] of handles()) {
        assert.equal(
          await failureOf(db, (tx) => tx.unsafe(`set role "${ownerName}"`)),
          '42501',
          `${name}: set role owner`,
        );
        assert.equal(await failureOf(db, (tx) => tx`set role postgres`), '42501', `${name}: set role postgres`);
        assert.equal(
          await failureOf(db, (tx) => tx.unsafe(`set session authorization "${ownerName}"`)),
          '42501',
          `${name}: set session authorization`,
        );
      }
      assert.equal(await failureOf(h.db.tenants, (tx) => tx`set role porchlight_worker`), '42501', 'request → worker');
      // Positive control: the worker is a member of the request role, so this switch is allowed.
      assert.equal(await failureOf(h.db.workers, (tx) => tx`set role porchlight_app`), null, 'worker → request');
    },
  );

  it('refuses to serve requests through a superuser login', { skip: !postgres && 'PostgreSQL only' }, async (t) => {
    const [me] = await h.db.sql<{ mighty: boolean }[]>`
      select rolsuper or rolbypassrls as mighty from pg_roles where rolname = current_user`;
    if (!me!.mighty) return t.skip('the owner here is no superuser: nothing to misconfigure with');
    await assert.rejects(
      openDatabase({ databaseUrl: h.db.url, appDatabaseUrl: h.db.url, poolSize: 1 }),
      /superuser or BYPASSRLS role/,
    );
    // Positive control: the same database opens with the default logins.
    const fine = await openDatabase({ databaseUrl: h.db.url, poolSize: 1 });
    await fine.close();
  });
});

describe('least privilege: security-definer functions', () => {
  // Cross-tenant platform jobs: each takes the caller's clock or acts on every tenant's rows.
  const platformJobs = [
    [
      'porch_outbox_claim',
      (tx: Parameters<Parameters<TenantDb['withoutTenant']>[0]>[0]) =>
        tx`select * from porch_outbox_claim(now() + interval '1 year', now() + interval '2 years', 1000, 1000)`,
    ],
    [
      'porch_rate_sweep',
      (tx: Parameters<Parameters<TenantDb['withoutTenant']>[0]>[0]) =>
        tx`select porch_rate_sweep(now() + interval '1 year')`,
    ],
    [
      'porch_token_sweep',
      (tx: Parameters<Parameters<TenantDb['withoutTenant']>[0]>[0]) =>
        tx`select porch_token_sweep(now() - interval '1 year')`,
    ],
    [
      'porch_login_link_request_tenants',
      (tx: Parameters<Parameters<TenantDb['withoutTenant']>[0]>[0]) =>
        tx`select * from porch_login_link_request_tenants(1000)`,
    ],
    [
      'porch_expire_positions',
      (tx: Parameters<Parameters<TenantDb['withoutTenant']>[0]>[0]) =>
        tx`select porch_expire_positions(now() + interval '10 years')`,
    ],
  ] as const;

  it('the request role may not call the platform jobs; the worker role may', async () => {
    for (const [name, call] of platformJobs) {
      assert.equal(await failureOf(h.db.tenants, call), '42501', `request role: ${name}`);
      assert.equal(await failureOf(h.db.workers, call), null, `worker role: ${name}`);
    }
  });

  it('a request cannot wipe the rate counters or stall another tenant’s mail', async () => {
    const ticket = await h.createTicket(h.b);
    await h.db.sql`insert into rate_limits (key, hits, last_hit) values ('probe', array[now()], now())`;
    await h.db.sql`
      insert into outbox (tenant_id, ticket_id, trigger, channel, recipient, language, portal_mode, template,
                          next_attempt_at, created_at)
      values (${h.b.tenantId}, ${ticket.id}, 'manual', 'email', 'dana@example.com', 'en', 'tracking', '{}', now(), now())`;
    const leased = async () =>
      (await h.db.sql<{ n: number }[]>`select count(*)::int as n from outbox where locked_until is not null`)[0]!.n;
    const counter = async () =>
      (await h.db.sql<{ n: number }[]>`select cardinality(hits) as n from rate_limits where key = 'probe'`)[0]?.n;
    for (const [, call] of platformJobs) await failureOf(h.db.tenants, call);
    assert.equal(await counter(), 1, 'the counter is still there');
    assert.equal(await leased(), 0, 'no message was leased');
    // Positive control: the same calls as the worker lease the message and sweep the counter.
    for (const [, call] of platformJobs) await failureOf(h.db.workers, call);
    assert.equal(await counter(), undefined, 'the worker swept the counter');
    assert.equal(await leased(), 1, 'the worker leased the message');
  });

  it('every security-definer function pins its search_path, and the request role may call only the reviewed ones', async () => {
    const definers = await h.db.sql<{ name: string; pinned: boolean; app: boolean; worker: boolean }[]>`
      select p.proname as name,
             coalesce(array_to_string(p.proconfig, ',') like '%search_path=%', false) as pinned,
             has_function_privilege('porchlight_app', p.oid, 'execute') as app,
             has_function_privilege('porchlight_worker', p.oid, 'execute') as worker
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef order by 1`;
    for (const d of definers) assert.ok(d.pinned, `${d.name} sets search_path`);
    // Each answers one narrow question from what its argument names, or counts a rate limit (see
    // docs/architecture.md, "Database roles"). A new one needs that review before it joins this list.
    assert.deepEqual(
      [...new Set(definers.filter((d) => d.app).map((d) => d.name))],
      [
        'porch_all_allowed_origins',
        'porch_api_key_use',
        'porch_rate_hit',
        'porch_refresh_token_owner',
        'porch_staff_token_owner',
        'porch_tenant_by_public_id',
        'porch_ticket_search',
        'porch_token_owner',
      ],
    );
    // Positive control: the query does see the platform jobs, as the worker's.
    const workerOnly = definers.filter((d) => d.worker && !d.app).map((d) => d.name);
    assert.deepEqual([...new Set(workerOnly)].sort(), platformJobs.map(([name]) => name).sort());
  });
});
