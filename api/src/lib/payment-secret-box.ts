import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts the tenants' payment credentials (Stripe secret key, webhook secret) at rest: AES-256-GCM with the
 * process key `PORCHLIGHT_SECRET_KEY`, a random 96-bit IV per value, stored as iv ‖ tag ‖ ciphertext. The tenant id
 * is the additional data, so a value copied into another tenant's row does not decrypt.
 */
export class PaymentSecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.byteLength !== 32) throw new Error('PORCHLIGHT_SECRET_KEY must be 32 bytes (64 hex characters or base64)');
    this.#key = key;
  }

  /** From `PORCHLIGHT_SECRET_KEY`: 64 hex characters or the base64 of 32 bytes. */
  static fromText(text: string): PaymentSecretBox {
    return new PaymentSecretBox(Buffer.from(text, /^[0-9a-f]{64}$/i.test(text) ? 'hex' : 'base64'));
  }

  seal(tenantId: string, plaintext: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(tenantId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(tenantId: string, sealed: Uint8Array): string {
    const bytes = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
