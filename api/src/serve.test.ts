import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { freshDatabase } from './testing/database';
import { startServe } from './testing/fault-load';

/** A free loopback port (closed again before use). */
async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

describe('porchlight serve', () => {
  it('serves the API and the widget only: no demo site, no local mail server', async () => {
    const demoPort = await freePort();
    // Its own database on PostgreSQL; the embedded one in memory otherwise.
    const database = process.env.DATABASE_URL ? await freshDatabase() : undefined;
    const server = await startServe({
      DATABASE_URL: database?.url ?? '',
      PORCHLIGHT_MEMORY: '1',
      DEMO_PORT: String(demoPort),
    });
    try {
      for (const path of ['/readyz', '/v1/openapi.json', '/widget/porchlight.js'])
        assert.equal((await fetch(server.url + path)).status, 200, path);
      assert.doesNotMatch(server.output(), /Demo site|Dispatcher|Outbox mail|smtp:\/\//);
      const apiPort = Number(new URL(server.url).port);
      // The server listens before it announces, and `start` binds its demo before announcing too: nothing is late.
      assert.equal(await refuses(demoPort), true, 'nothing on DEMO_PORT');
      assert.equal(await refuses(apiPort + 1), true, 'nothing on the default demo port');
      assert.equal(await refuses(apiPort), false, 'positive control: the API port answers');
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
      server.process.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      server.process.kill('SIGKILL');
      await database?.close();
    }
  });
});
