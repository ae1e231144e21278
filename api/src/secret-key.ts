import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Env } from './env';
import { SecretBox } from './lib/secret-box';

/**
 * The key that seals session secrets: `PORCHLIGHT_SECRET_KEY`, or for the embedded database one generated on first
 * start and kept beside its data in `<PORCHLIGHT_DATA>.secret-key` (mode 0600; in memory mode too, so the tenant
 * CLI reaching a running server's database seals with the same key). PostgreSQL without a key stops the process here, before it opens the database.
 */
export async function secretBoxFor(env: Env): Promise<SecretBox> {
  if (env.PORCHLIGHT_SECRET_KEY) return SecretBox.fromBase64(env.PORCHLIGHT_SECRET_KEY);
  if (env.DATABASE_URL) {
    throw new Error(
      'Invalid environment:\n  PORCHLIGHT_SECRET_KEY: required with DATABASE_URL: it seals the session signing secrets ' +
        'at rest (generate with: openssl rand -base64 32, and keep it)',
    );
  }
  const file = `${env.PORCHLIGHT_DATA}.secret-key`;
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return SecretBox.fromBase64((await readFile(file, 'utf8')).trim());
}
