import { createHmac } from 'node:crypto';

/**
 * Keyed hashes for equality lookups on encrypted values (a CPF, for instance): the same input gives
 * the same index, and without the key the index reveals nothing, not even to a dictionary attack
 * over all 10^11 CPFs. The key (BLIND_INDEX_KEY) never rotates with the encryption keys.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the blind index key must be at least 32 bytes');
  }

  of(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('hex');
  }
}
