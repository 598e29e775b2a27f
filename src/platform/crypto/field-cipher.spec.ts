import { randomBytes } from 'node:crypto';
import { FieldCipher, fieldAad, parseFieldKeys, UnknownEncryptionKeyError } from './field-cipher';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('FieldCipher', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const a = cipher.encrypt('529.982.247-25', 'customers:1:cpf');
    const b = cipher.encrypt('529.982.247-25', 'customers:1:cpf');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(a).not.toContain('529');
    expect(cipher.decrypt(a, 'customers:1:cpf')).toBe('529.982.247-25');
  });

  it('refuses a value moved to another row or field, or tampered with', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const value = cipher.encrypt('Maria', 'customers:1:name');
    expect(() => cipher.decrypt(value, 'customers:2:name')).toThrow();
    expect(() => cipher.decrypt(value, 'customers:1:address')).toThrow();
    const parts = value.split('.');
    parts[3] = Buffer.from('Mario').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'customers:1:name')).toThrow();
  });

  it('reads values of every configured key and writes with the active one', () => {
    const old = new FieldCipher([k1], 'k1').encrypt('x', 'a');
    const rotated = new FieldCipher([k1, k2], 'k2');
    expect(rotated.decrypt(old, 'a')).toBe('x');
    expect(FieldCipher.keyIdOf(rotated.encrypt('x', 'a'))).toBe('k2');
  });

  it('says which key is missing instead of failing silently', () => {
    const value = new FieldCipher([k2], 'k2').encrypt('x', 'a');
    expect(() => new FieldCipher([k1], 'k1').decrypt(value, 'a')).toThrow(new UnknownEncryptionKeyError('Data is encrypted under key k2, which is not configured.'));
  });

  it('makes keyed tokens: equal under one key and purpose, unrelated under another key or purpose', () => {
    const cipher = new FieldCipher([k1, k2], 'k1');
    const token = cipher.token('k1', 'names', 'MAR');
    expect(token).toMatch(/^[\w-]{22}$/);
    expect(cipher.token('k1', 'names', 'MAR')).toBe(token);
    expect(new FieldCipher([k1], 'k1').token('k1', 'names', 'MAR')).toBe(token);
    expect(cipher.token('k2', 'names', 'MAR')).not.toBe(token);
    expect(cipher.token('k1', 'streets', 'MAR')).not.toBe(token);
    expect(cipher.token('k1', 'names', 'MARI')).not.toBe(token);
    expect(() => cipher.token('k3', 'names', 'MAR')).toThrow(new UnknownEncryptionKeyError('Data is indexed under key k3, which is not configured.'));
  });

  it('encrypts binary values (images) under the same rules', () => {
    const bytes = randomBytes(5000);
    const writer = new FieldCipher([k1], 'k1');
    const sealed = writer.encryptBytes(bytes, 'photo_contents:p1:content');
    expect(sealed.subarray(0, 6).toString('ascii')).toBe('v1.k1.');
    expect(sealed.length).toBe(bytes.length + 6 + 28);
    expect(sealed.includes(bytes.subarray(0, 64))).toBe(false);
    const reader = new FieldCipher([k1, k2], 'k2');
    expect(reader.decryptBytes(sealed, 'photo_contents:p1:content').equals(bytes)).toBe(true);
    expect(() => reader.decryptBytes(sealed, 'photo_contents:p2:content')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => reader.decryptBytes(tampered, 'photo_contents:p1:content')).toThrow();
    expect(() => new FieldCipher([k2], 'k2').decryptBytes(sealed, 'photo_contents:p1:content')).toThrow(UnknownEncryptionKeyError);
    expect(() => reader.decryptBytes(Buffer.from('not encrypted'), 'a')).toThrow('not an encrypted binary value');
  });

  it('parses the key list and refuses bad keys', () => {
    expect(parseFieldKeys(`k1:${k1.key.toString('base64')},k2:${k2.key.toString('base64')}`).map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(() => parseFieldKeys('k1:c2hvcnQ=')).toThrow('encryption key k1 must be 32 bytes in base64');
    expect(() => parseFieldKeys(`k1:${k1.key.toString('base64')},k1:${k2.key.toString('base64')}`)).toThrow('encryption key id k1 appears twice');
    expect(() => new FieldCipher([k1], 'k9')).toThrow('the active encryption key k9 is not among the configured keys');
  });
});

describe('fieldAad', () => {
  const id = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';

  it('is `<table>:<row id>:<column>`, byte for byte', () => {
    expect(fieldAad('customers', id, 'cpf')).toBe(`customers:${id}:cpf`);
    expect(fieldAad('cashback_purchases', 'p1', 'raw_payload')).toBe('cashback_purchases:p1:raw_payload');
    expect(fieldAad('gps_readings', 'r1', 'location')).toBe('gps_readings:r1:location');
    expect(fieldAad('photo_contents', 'p1', 'content')).toBe('photo_contents:p1:content');
  });

  it('opens values sealed under the associated data written out by hand, as stored rows were', () => {
    const cipher = new FieldCipher([{ id: 'legacy', key: Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex') }], 'legacy');
    expect(cipher.decrypt('v1.legacy.XocLJMsvm8tul-ff.Dp_omq7nrit4DBg.4ibM7erRvUpFByJTTw7S8Q', fieldAad('customers', id, 'cpf'))).toBe('52998224725');
    expect(cipher.decrypt('v1.legacy._cj903SlYbZ_aE9G.TRWtDbnwG93I3hSLEJ4U8vXt.FTb4dh8JLFl73wyRMaw5Jg', fieldAad('cashback_purchases', id, 'raw_payload'))).toBe('{"total":"100.00"}');
    expect(cipher.decrypt('v1.legacy.xjxFsxv0DGXN6F1e.9VIOG1Xs3tFdMiEkesCj8yk.tJP4h2PNh4lCmh-CexXmaw', fieldAad('gps_readings', id, 'location'))).toBe('-23.5613,-46.6565');
    const photo = Buffer.from('djEubGVnYWN5LpQ83+PUFecDqTmc/FJ/Im2ry/Cs/XCXKCl35JUwZoYDXc50klE4', 'base64');
    expect(cipher.decryptBytes(photo, fieldAad('photo_contents', id, 'content')).toString()).toBe('jpeg bytes');
  });
});
