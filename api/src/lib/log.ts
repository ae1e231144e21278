/** One line per event. Callers pass only what is safe to keep: never tokens, keys, bodies or query params. */
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

function logger(format: Format, write: (line: string) => void): Logger {
  const emit = (level: string, event: string, fields: Fields = {}) => write(format(new Date(), level, event, fields));
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
