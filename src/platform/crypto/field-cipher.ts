import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { domainError } from '../http/domain-error';

export interface FieldKey {
  id: string;
  key: Buffer;
}

/** A value was written under a key this process does not have: never silent. */
export class UnknownEncryptionKeyError extends domainError(
  500,
  'ENCRYPTION_KEY_UNAVAILABLE',
  'Encryption key unavailable',
  'Data is encrypted under a key this process lacks (start-up prevents it for customers; cashback documents, GPS readings and photos are checked only when read)',
) {}

const VERSION = 'v1';

/**
 * The associated data of an encrypted column's value, `<table>:<row id>:<column>`: it binds the
 * value to its row and column. Stored values were sealed under exactly these bytes, so the format
 * never changes (a change would make every stored value unreadable).
 */
export function fieldAad(table: string, id: string, column: string): string {
  return `${table}:${id}:${column}`;
}

/** Parses `id:base64[,id:base64...]` (FIELD_ENCRYPTION_KEYS); each key must be 32 bytes. */
export function parseFieldKeys(spec: string): FieldKey[] {
  const keys = spec.split(',').map((entry) => {
    const [id, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`encryption key ${id || '(unnamed)'} must be 32 bytes in base64`);
    return { id, key };
  });
  const ids = keys.map((key) => key.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`encryption key id ${duplicate} appears twice`);
  return keys;
}

/**
 * AES-256-GCM for fields encrypted at rest. Each value is `v1.<keyId>.<iv>.<ciphertext>.<tag>`
 * (base64url parts): it names the key it was written with, so keys can rotate while old values
 * stay readable. The associated data (fieldAad) binds a value to its row and field: a ciphertext
 * copied into another row or column fails to decrypt.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: FieldKey[],
    readonly activeKeyId: string,
  ) {
    this.keys = new Map(keys.map((key) => [key.id, key.key]));
    if (!this.keys.has(activeKeyId)) throw new Error(`the active encryption key ${activeKeyId} is not among the configured keys`);
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  private readonly subkeys = new Map<string, Buffer>();

  /**
   * A keyed token of `value` for `purpose` under key `keyId`, for blind indexes that rotate with
   * the encryption keys: HMAC-SHA256 under a subkey derived from that key (HKDF-SHA256, the purpose
   * as info, so a token never reveals anything about the key or another purpose's tokens), cut to
   * 128 bits, base64url. The same value gives the same token under one key; another key, another token.
   */
  token(keyId: string, purpose: string, value: string): string {
    const name = `${keyId}\u0000${purpose}`;
    let subkey = this.subkeys.get(name);
    if (!subkey) {
      const key = this.keys.get(keyId);
      if (!key) throw new UnknownEncryptionKeyError(`Data is indexed under key ${keyId}, which is not configured.`);
      subkey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `token:${purpose}`, 32));
      this.subkeys.set(name, subkey);
    }
    return createHmac('sha256', subkey).update(value).digest().subarray(0, 16).toString('base64url');
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKeyId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(envelope: string, associatedData: string): string {
    const [version, keyId, iv, ciphertext, tag] = envelope.split('.');
    if (version !== VERSION || !keyId || iv === undefined || ciphertext === undefined || tag === undefined) throw new Error('not an encrypted field value');
    const key = this.keys.get(keyId);
    if (!key) throw new UnknownEncryptionKeyError(`Data is encrypted under key ${keyId}, which is not configured.`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /**
   * Binary values (images): `v1.<keyId>.` in ASCII, then the 12-byte IV, the 16-byte tag and the
   * ciphertext. Same key set and associated-data rule as text fields.
   */
  encryptBytes(plaintext: Buffer, associatedData: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from(`${VERSION}.${this.activeKeyId}.`), iv, cipher.getAuthTag(), ciphertext]);
  }

  decryptBytes(envelope: Buffer, associatedData: string): Buffer {
    const second = envelope.indexOf(0x2e, envelope.indexOf(0x2e) + 1);
    const [version, keyId] = envelope.subarray(0, Math.max(second, 0)).toString('ascii').split('.');
    if (second < 0 || version !== VERSION || !keyId || envelope.length < second + 1 + 28) throw new Error('not an encrypted binary value');
    const key = this.keys.get(keyId);
    if (!key) throw new UnknownEncryptionKeyError(`Data is encrypted under key ${keyId}, which is not configured.`);
    const body = envelope.subarray(second + 1);
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(body.subarray(12, 28));
    return Buffer.concat([decipher.update(body.subarray(28)), decipher.final()]);
  }

  /** The key id a value was written with. */
  static keyIdOf(envelope: string): string {
    return envelope.split('.')[1];
  }
}
