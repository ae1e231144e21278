import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app';
import { connect, roleUrl } from '../db/client';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import { startHarness, type Harness } from '../testing/harness';
import { SseReader } from '../testing/sse';
import { PostgresEventBus } from './event-bus';
import { TEST_SECRET_BOX } from '../testing/secret';

const postgres = process.env.DATABASE_URL;
let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe(
  'event bus: PostgreSQL LISTEN/NOTIFY across processes',
  { skip: !postgres && 'needs DATABASE_URL (runs in CI against PostgreSQL)' },
  () => {
    it('a change committed through app A reaches a stream open on app B', async () => {
      // Two app instances with their own pools and listening connections: two API processes in all but the pid.
      const appUrl = roleUrl(h.db.url, 'porchlight_app');
      const pools = [connect({ url: appUrl, max: 3 }), connect({ url: appUrl, max: 3 })];
      const buses = pools.map((sql) => new PostgresEventBus(sql));
      await Promise.all(buses.map((bus) => bus.ready()));
      const [a, b] = pools.map((sql, i) =>
        createApp({ secretBox: TEST_SECRET_BOX, sql, clock: h.clock, bus: buses[i] }),
      );
      try {
        const ticket = await h.createTicket(h.a);
        const session = await h.sessionFor(h.a, ticket.id);
        const stream = new SseReader(
          await b!.request(`/v1/portal/tickets/${ticket.id}/events`, {
            headers: { authorization: `Bearer ${session}` },
          }),
        );
        await stream.next();
        const moved = await a!.request(`/v1/admin/tickets/${ticket.id}/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'dispatched', technician: { firstName: 'Ana' } }),
        });
        assert.equal(moved.status, 201);
        const message = JSON.parse((await stream.next())!.data) as TicketStreamMessage;
        assert.equal(message.ticket.status, 'dispatched');
        assert.equal(message.ticket.technician?.firstName, 'Ana');
        await stream.cancel();
      } finally {
        await Promise.all(buses.map((bus) => bus.close()));
        await Promise.all(pools.map((sql) => sql.end()));
      }
    });

    it('carries ids only: the NOTIFY payload holds no ticket data', async () => {
      const sql = connect({ url: h.db.url, max: 2 });
      const payloads: string[] = [];
      const listening = await sql.listen('porch_ticket_events', (payload) => payloads.push(payload));
      try {
        const app = createApp({
          secretBox: TEST_SECRET_BOX,
          sql: h.db.appSql,
          clock: h.clock,
          bus: new PostgresEventBus(h.db.sql),
        });
        const ticket = await h.createTicket(h.a, { title: 'Secret boiler room' });
        await app.request(`/v1/admin/tickets/${ticket.id}/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'scheduling', technician: { firstName: 'Ana' } }),
        });
        while (payloads.length === 0) await new Promise((resolve) => setImmediate(resolve));
        assert.match(payloads[0]!, /^[0-9a-f-]{36}:[0-9a-f-]{36}:\d+$/);
        assert.ok(!payloads[0]!.includes('Ana') && !payloads[0]!.includes('Secret'));
      } finally {
        await listening.unlisten();
        await sql.end();
      }
    });
  },
);
