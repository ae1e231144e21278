import { serve, type ServerType } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { announceEmbedded } from './db/locate';
import { openDatabase, type Database } from './db/open';
import type { Env } from './env';
import { systemClock } from './lib/clock';
import { jsonLogger, silentLogger } from './lib/log';

export const WIDGET_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  stop(): Promise<void>;
}

export function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname = '127.0.0.1') {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

/** Opens the database (embedded unless DATABASE_URL), brings it up to date and serves the API and the widget. */
export async function startApiServer(env: Env): Promise<RunningServer> {
  const dataDir = env.PORCHLIGHT_MEMORY ? undefined : env.PORCHLIGHT_DATA;
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
  const retract = database.kind === 'embedded' && dataDir ? await announceEmbedded(dataDir, database.url) : async () => {};
  const log = env.LOG_LEVEL === 'silent' ? silentLogger : jsonLogger();
  const app = createApp({ sql: database.sql, clock: systemClock, log, widgetDir: WIDGET_DIR });
  const { server, port } = await listen(app.fetch, env.PORT);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await retract();
      await database.close();
    },
  };
}
