import { randomBytes } from 'node:crypto';
import { SecretBox } from '../lib/secret-box';

/** One sealing key per test process, so every app a test builds on one database opens the same session keys. */
export const TEST_SECRET_KEY = randomBytes(32).toString('base64');
export const TEST_SECRET_BOX = SecretBox.fromBase64(TEST_SECRET_KEY);
