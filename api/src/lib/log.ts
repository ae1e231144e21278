/**
 * One JSON line per event. Callers pass only what is safe to keep: never tokens, keys, bodies or query params. As a
 * second line of defence every string is scrubbed on the way out: e-mail addresses are masked (`j***@example.com`)
 * and anything token-shaped (32+ URL-safe characters that are not a UUID: API keys, link tokens, session parts) is
 * replaced, whatever field or error message carries it.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const emit = (level: string, event: string, fields?: Record<string, unknown>) =>
    write(
      JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, (_key, value: unknown) =>
        typeof value === 'string' ? scrub(value) : value,
      ),
    );
  return {
    info: (event, fields) => emit('info', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

const EMAIL = /([A-Za-z0-9!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const TOKEN_SHAPED = /[A-Za-z0-9_-]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `dana@example.com` → `d***@example.com`; token-shaped runs → `[redacted]`. */
export function scrub(text: string): string {
  return text
    .replace(TOKEN_SHAPED, (run) => (UUID.test(run) ? run : '[redacted]'))
    .replace(EMAIL, (_address, first: string, domain: string) => `${first}***@${domain}`);
}
