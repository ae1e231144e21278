import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
const PASSWORD_MESSAGE = 0x70; // 'p'
/** AuthenticationCleartextPassword: loopback only, so the password never leaves the machine. */
const ASK_PASSWORD = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

/**
 * Serves one PGlite instance over the PostgreSQL wire protocol on a loopback port, so the app talks to it with
 * postgres.js exactly as it talks to a real server.
 *
 * Why not PGLiteSocketServer: it schedules single protocol messages across connections, so two pooled clients'
 * Parse/Bind/Execute batches interleave in PGlite's one session (electric-sql/pglite#1046). Here a connection
 * owns the database from its first message until the backend says ReadyForQuery *idle* — a whole batch, or a
 * whole transaction — and only then may the next connection run.
 *
 * It listens on 127.0.0.1 only and admits a connection only with `password`, a secret made per process: it is in
 * the URL this process hands out (to its own pool, and to the CLI through the 0600 server file), so another local
 * user cannot connect as the database owner.
 */
export class EmbeddedPostgres {
  #server: Server | undefined;
  #owner: Connection | null = null;
  #waiting: Connection[] = [];
  #connections = new Set<Connection>();
  /** The per-process secret a client must send before its startup message reaches PGlite. */
  readonly password = randomBytes(24).toString('base64url');

  private constructor(readonly db: PGlite) {}

  /**
   * Opens (or creates) the database in `dataDir`, or in memory when `dataDir` is undefined; a new one starts from
   * `loadDataDir` when given (a `dumpDataDir` tar).
   */
  static async open(dataDir?: string, loadDataDir?: Blob): Promise<EmbeddedPostgres> {
    const db = await PGlite.create({ dataDir, loadDataDir, extensions: { btree_gist, pg_trgm } });
    return new EmbeddedPostgres(db);
  }

  /** Starts listening on 127.0.0.1; port 0 picks a free one. Resolves to the port. */
  async listen(port = 0): Promise<number> {
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  /** Stops accepting and drops every client connection (clients see the server as down). */
  async stopListening(): Promise<void> {
    for (const connection of this.#connections) connection.socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }

  async close(): Promise<void> {
    await this.stopListening();
    await this.db.close();
  }

  #accept(socket: Socket) {
    socket.setNoDelay(true);
    const connection: Connection = { socket, buffer: Buffer.alloc(0), started: false, pending: [] };
    // A client has one protocol round to authenticate; one that never does is dropped.
    socket.setTimeout(10_000, () => socket.destroy());
    this.#connections.add(connection);
    socket.on('data', (chunk) => {
      connection.buffer = Buffer.concat([connection.buffer, chunk]);
      this.#split(connection);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.#drop(connection));
  }

  #split(connection: Connection) {
    for (;;) {
      const { buffer } = connection;
      if (!connection.started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        connection.buffer = buffer.subarray(length);
        if (code === SSL_REQUEST) {
          connection.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          connection.socket.end();
          return;
        }
        connection.started = true;
        connection.startup = Buffer.from(buffer.subarray(0, length));
        connection.socket.write(ASK_PASSWORD);
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      connection.buffer = buffer.subarray(length);
      const message = buffer.subarray(0, length);
      if (connection.startup) {
        if (!this.#admits(message)) {
          connection.socket.end(authFailed());
          return;
        }
        this.#enqueue(connection, connection.startup);
        connection.startup = null;
        connection.socket.setTimeout(0);
        continue;
      }
      this.#enqueue(connection, message);
    }
  }

  /** A PasswordMessage ('p', length, the password, NUL) carrying exactly this process's secret. */
  #admits(message: Buffer): boolean {
    if (message[0] !== PASSWORD_MESSAGE || message[message.length - 1] !== 0) return false;
    const sent = message.subarray(5, message.length - 1);
    const expected = Buffer.from(this.password);
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  }

  #enqueue(connection: Connection, message: Buffer) {
    connection.pending.push(new Uint8Array(message));
    if (this.#owner !== connection && !this.#waiting.includes(connection)) this.#waiting.push(connection);
    void this.#run();
  }

  #running = false;
  async #run() {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        if (!this.#owner) this.#owner = this.#waiting.shift() ?? null;
        const owner = this.#owner;
        if (!owner) return;
        const message = owner.pending.shift();
        // The owner is mid-batch or mid-transaction: the others wait until it sends more.
        if (!message) return;
        const reply = await this.db.runExclusive(() => this.db.execProtocolRaw(message));
        if (!owner.socket.destroyed && reply.length > 0) owner.socket.write(reply);
        if (endsIdle(reply)) {
          this.#owner = null;
          if (owner.pending.length > 0) this.#waiting.push(owner);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  async #drop(connection: Connection) {
    this.#connections.delete(connection);
    connection.pending = [];
    this.#waiting = this.#waiting.filter((c) => c !== connection);
    if (this.#owner === connection) {
      // A client killed mid-batch may leave an extended-protocol exchange open (Parse/Bind without Sync): close it
      // with a Sync, then end any transaction it left, so the next connection finds a clean session.
      if (!this.db.closed) {
        await this.db.runExclusive(async () => {
          await this.db.execProtocolRaw(SYNC).catch(() => {});
          // The protocol message, not `exec`: `exec` waits for the lock held here, and never ran (the database hung).
          if (this.db.isInTransaction()) await this.db.execProtocolRaw(ROLLBACK);
        });
      }
      this.#owner = null;
      void this.#run();
    }
  }
}

/** The protocol's Sync message: 'S' and its length. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
/** A simple-protocol Query message ('Q', length, the text, NUL) that ends a transaction left open. */
const ROLLBACK = simpleQuery('rollback');

function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`);
  const head = Buffer.alloc(5);
  head[0] = 0x51; // 'Q'
  head.writeInt32BE(4 + body.length, 1);
  return new Uint8Array(Buffer.concat([head, body]));
}

interface Connection {
  socket: Socket;
  buffer: Buffer;
  started: boolean;
  /** The startup message, held back until the password arrives; null once admitted. */
  startup?: Buffer | null;
  pending: Uint8Array[];
}

/** ErrorResponse FATAL 28P01 (invalid_password), as PostgreSQL answers a wrong password. */
function authFailed(): Buffer {
  const field = (code: string, value: string) => Buffer.concat([Buffer.from(code + value), Buffer.from([0])]);
  const body = Buffer.concat([
    field('S', 'FATAL'),
    field('V', 'FATAL'),
    field('C', '28P01'),
    field('M', 'password authentication failed'),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head[0] = 0x45; // 'E'
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** True when the last message of a backend reply is ReadyForQuery with transaction status idle. */
function endsIdle(reply: Uint8Array): boolean {
  let offset = 0;
  let idle = false;
  while (offset + 5 <= reply.length) {
    const type = reply[offset]!;
    const length =
      ((reply[offset + 1]! << 24) | (reply[offset + 2]! << 16) | (reply[offset + 3]! << 8) | reply[offset + 4]!) >>> 0;
    idle = type === READY_FOR_QUERY && reply[offset + 5] === IDLE;
    offset += 1 + length;
  }
  return idle;
}
