import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the database that can play a network partition: `hold()` stops every byte both ways on
 * open connections and leaves new ones unanswered (nothing is refused, nothing answers: the worst case for a client);
 * `heal()` resets whatever was held, as a real network's keepalive eventually would, and forwards again.
 */
export async function startFaultProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  let holding = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    if (holding) return client.pause();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    open.add(upstream);
    upstream.on('close', () => (open.delete(upstream), client.destroy()));
    upstream.on('error', () => {});
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: url.toString(),
    hold() {
      holding = true;
      for (const socket of open) {
        socket.unpipe();
        socket.pause();
      }
    },
    heal() {
      holding = false;
      for (const socket of open) socket.destroy();
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
