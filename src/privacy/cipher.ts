import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKey } from '../config';
import type { Logger } from '../shared/logger';

/**
 * Encrypts phone numbers and addresses at rest (AES-256-GCM) and gives a keyed hash (HMAC-SHA256)
 * for exact lookups, so the database never holds them in clear.
 */
export class PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('data key must be 32 bytes');
    // Separate sub-keys so the lookup hash reveals nothing about the encryption key.
    this.encKey = createHmac('sha256', masterKey).update('laoke:enc').digest();
    this.macKey = createHmac('sha256', masterKey).update('laoke:mac').digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unreadable sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  lookupHash(normalised: string): string {
    return createHmac('sha256', this.macKey).update(normalised).digest('hex');
  }
}

/** The configured key, or in development a key generated once into the data folder (with a warning). */
export function resolveDataKey(configured: string | undefined, dataDir: string, log: Logger): Buffer {
  if (configured) {
    const key = decodeKey(configured);
    if (!key) throw new Error('DATA_KEY is not 32 bytes');
    return key;
  }
  const file = join(dataDir, 'dev-data.key');
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (key) return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  log.warn({ file }, 'DATA_KEY not set: generated a development key; set DATA_KEY before real customer data is stored');
  return key;
}
