import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secrets at rest with AES-256-GCM under the key from `PORCHLIGHT_SECRET_KEY` (32 bytes, base64). The
 * `context` (e.g. tenant and kid) is bound as associated data, so a sealed value copied to another row fails to
 * open. Stored as iv ‖ ciphertext ‖ tag.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('PORCHLIGHT_SECRET_KEY must be 32 bytes (base64)');
    this.#key = key;
  }

  static fromBase64(value: string): SecretBox {
    return new SecretBox(Buffer.from(value, 'base64'));
  }

  seal(plain: Buffer, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv).setAAD(Buffer.from(context));
    return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  /** Throws `SecretKeyMismatch` when the value was sealed under another key (or altered). */
  open(sealed: Buffer, context: string): Buffer {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv).setAAD(Buffer.from(context)).setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SecretKeyMismatch();
    }
  }
}

export class SecretKeyMismatch extends Error {
  constructor() {
    super(
      'PORCHLIGHT_SECRET_KEY does not open the stored session keys: it is not the key they were sealed with. ' +
        'Start with the original key.',
    );
  }
}
