import { randomInt } from 'node:crypto';

const CLASSES = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#$%*+-=?@_'];

/**
 * A random password that meets the policy: `length` characters from a cryptographic source, at
 * least one of each class, no look-alike characters (0/O, 1/l/I).
 */
export function generatePassword(length = 20): string {
  if (length < CLASSES.length) throw new RangeError(`length must be at least ${CLASSES.length}`);
  const all = CLASSES.join('');
  const chars = CLASSES.map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
