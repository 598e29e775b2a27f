/**
 * The words of a customer's name and their prefixes, as the blind prefix index stores them (keyed
 * tokens, see TierACodec.nameTokens): accents folded, upper case, split on anything that is not a
 * letter or a digit. Pure rules, no keys.
 */

/** Shortest prefix indexed and searched: shorter ones would match too many names and leak more. */
export const NAME_PREFIX_MIN = 3;
/** Longest prefix indexed: a longer search matches on its first this many characters. */
export const NAME_PREFIX_MAX = 16;
/** Words a search may hold (each must prefix a word of the name). */
export const NAME_SEARCH_MAX_WORDS = 5;

/** `  José   d'Ávila-Souza ` -> `JOSE`, `D`, `AVILA`, `SOUZA`. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Every prefix the index holds for a name: each word's first 3, 4, ... up to 16 characters, once. */
export function namePrefixes(name: string): string[] {
  const prefixes = new Set<string>();
  for (const word of nameWords(name)) {
    const letters = [...word];
    for (let length = NAME_PREFIX_MIN; length <= Math.min(letters.length, NAME_PREFIX_MAX); length += 1) prefixes.add(letters.slice(0, length).join(''));
  }
  return [...prefixes];
}

/**
 * The prefixes a search looks up: one per word (cut to 16 characters), or why the search cannot be
 * made (a word shorter than 3 characters, too many words, nothing searchable).
 */
export function searchPrefixes(query: string): { prefixes: string[] } | { refused: string } {
  const words = nameWords(query);
  if (words.length === 0) return { refused: `name must hold a word of at least ${NAME_PREFIX_MIN} letters or digits` };
  if (words.length > NAME_SEARCH_MAX_WORDS) return { refused: `name must hold at most ${NAME_SEARCH_MAX_WORDS} words` };
  const short = words.find((word) => [...word].length < NAME_PREFIX_MIN);
  if (short !== undefined) return { refused: `each word of name must have at least ${NAME_PREFIX_MIN} letters or digits (${short} has fewer)` };
  return { prefixes: [...new Set(words.map((word) => [...word].slice(0, NAME_PREFIX_MAX).join('')))] };
}
