/** One API process for the live bench: starts on DATABASE_URL, prints {"port","pid"}, serves until SIGTERM. */
import { readEnv } from '../api/src/env';
import { startApiServer } from '../api/src/server';

const api = await startApiServer(readEnv({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' }));
process.stdout.write(JSON.stringify({ port: api.port, pid: process.pid }) + '\n');
process.once('SIGTERM', () => void api.stop().finally(() => process.exit(0)));
