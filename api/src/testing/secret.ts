import { randomBytes } from 'node:crypto';
import { SecretBox } from '../lib/secret-box';

/** One sealing key per test process, so every app a test builds on one database opens the same session keys. */
export const TEST_SECRET_BOX = new SecretBox(randomBytes(32));
