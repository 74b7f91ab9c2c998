/**
 * Encryption of stored secrets: AES-256-GCM with a random 12-byte IV per value and the 16-byte
 * tag, so a value that was altered, or sealed with another key, does not open. The caller binds
 * each value to where it is stored (connection id and JSON pointer, as additional authenticated
 * data), so a sealed value copied to another row does not open either.
 *
 * The key comes from `ONESPEC_SECRET_KEY` (base64 of 32 bytes) or from a key file (`<store>.key`,
 * created 0600 on first use); see store.ts.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The environment variable holding the key: base64 of 32 random bytes. */
export const SECRET_KEY_ENV = "ONESPEC_SECRET_KEY";

/** AES-256: 32-byte keys. */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Format tag of a sealed value: `v1:` + base64(iv ‖ ciphertext ‖ tag). */
const PREFIX = "v1:";

/** The key is missing, malformed, or not the one the store's secrets were sealed with. */
export class SecretKeyError extends Error {
  override readonly name = "SecretKeyError";
}

/** How to make a key, for error messages and docs. */
export const MAKE_KEY_HINT = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))"`;

/** A fresh random key. */
export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Decodes a base64 key; `source` names where it came from (never the key itself). */
export function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, "base64") : undefined;
  if (!key || key.length !== KEY_BYTES)
    throw new SecretKeyError(
      `${source} must be the base64 of ${KEY_BYTES} random bytes (${key ? `it decodes to ${key.length} bytes` : "it is not base64"}); make one with: ${MAKE_KEY_HINT}`,
    );
  return key;
}

/** Checks a key given as bytes. */
export function checkKey(key: Buffer, source: string): Buffer {
  if (key.length !== KEY_BYTES)
    throw new SecretKeyError(`${source} must be ${KEY_BYTES} bytes, not ${key.length}`);
  return key;
}

/** Encrypts `plaintext`, bound to `context` (authenticated, not stored). */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
}

/** The plaintext of a sealed value, or undefined when the key or the context is wrong or the value was altered. */
export function unseal(key: Buffer, sealed: string, context: string): string | undefined {
  if (!sealed.startsWith(PREFIX)) return undefined;
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return undefined;
  }
}
