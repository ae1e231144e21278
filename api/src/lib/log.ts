/**
 * One line per event. Callers pass only what is safe to keep: never tokens, keys, bodies or query params. As a
 * second line of defence every string is scrubbed on the way out: e-mail addresses are masked (`j***@example.com`)
 * and anything token-shaped (32+ URL-safe characters that are not a UUID: API keys, link tokens, session parts) is
 * replaced, whatever field or error message carries it.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Fields = Record<string, unknown>;
type Format = (time: Date, level: string, event: string, fields: Fields) => string;

const json: Format = (time, level, event, fields) =>
  JSON.stringify({ time: time.toISOString(), level, event, ...fields });

/** `12:04:31  POST /v1/admin/tickets 201  12.5 ms`; other events as `name key=value …`, errors marked. */
const text: Format = (time, level, event, fields) => {
  const clock = time.toTimeString().slice(0, 8);
  const mark = level === 'error' ? 'ERROR ' : '';
  if (event === 'request') {
    const { method, path, status, ms, requestId } = fields;
    // A server error's id finds its `unhandled` line and the client's error envelope.
    const id = Number(status) >= 500 ? `  ${requestId}` : '';
    return `${clock}  ${mark}${method} ${path} ${status}  ${ms} ms${id}`;
  }
  const rest = Object.entries(fields).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return `${clock}  ${mark}${[event, ...rest].join(' ')}`;
};

/** Every string inside the fields scrubbed, however deep. */
const scrubbed = (fields: Fields): Fields =>
  JSON.parse(JSON.stringify(fields, (_key, value: unknown) => (typeof value === 'string' ? scrub(value) : value)));

function logger(format: Format, write: (line: string) => void): Logger {
  const emit = (level: string, event: string, fields: Fields = {}) =>
    write(format(new Date(), level, scrub(event), scrubbed(fields)));
  return {
    info: (event, fields) => emit('info', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** JSON lines, for log collectors. */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  return logger(json, write);
}

/** Readable lines, for a person at a terminal. */
export function textLogger(write: (line: string) => void): Logger {
  return logger(text, write);
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

/** The process's logger: readable on a terminal, JSON lines when the output goes to a file or a collector. */
export function processLogger(
  level: 'silent' | 'info',
  out: { isTTY?: boolean; write(line: string): unknown } = process.stdout,
): Logger {
  if (level === 'silent') return silentLogger;
  const write = (line: string) => void out.write(line + '\n');
  return out.isTTY ? textLogger(write) : jsonLogger(write);
}

const EMAIL = /([A-Za-z0-9!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const TOKEN_SHAPED = /[A-Za-z0-9_-]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `dana@example.com` → `d***@example.com`; token-shaped runs → `[redacted]`. */
export function scrub(text: string): string {
  return text
    .replace(TOKEN_SHAPED, (run) => (UUID.test(run) ? run : '[redacted]'))
    .replace(EMAIL, (_address, first: string, domain: string) => `${first}***@${domain}`);
}
