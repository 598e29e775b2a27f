import { NAME_PREFIX_MAX, namePrefixes, nameWords, searchPrefixes } from './name-prefix';

describe('name prefixes', () => {
  it('folds accents, upper-cases and splits on anything but letters and digits', () => {
    expect(nameWords("  José   d'Ávila-Souza Ñandú ")).toEqual(['JOSE', 'D', 'AVILA', 'SOUZA', 'NANDU']);
    expect(nameWords('MARIA\tDA\nSILVA')).toEqual(['MARIA', 'DA', 'SILVA']);
    expect(nameWords(' -- ')).toEqual([]);
  });

  it('indexes each word from 3 characters up to the cap, each prefix once, short words not at all', () => {
    expect(namePrefixes('Maria da Silva')).toEqual(['MAR', 'MARI', 'MARIA', 'SIL', 'SILV', 'SILVA']);
    expect(namePrefixes('Mar Mario')).toEqual(['MAR', 'MARI', 'MARIO']);
    expect(namePrefixes('Li Wu')).toEqual([]);
    const long = namePrefixes('Constantinopolitano');
    expect(long).toHaveLength(NAME_PREFIX_MAX - 2);
    expect(long.at(-1)).toBe('CONSTANTINOPOLIT');
  });

  it('searches one prefix per word, cut to the cap; refuses short words, too many words and nothing', () => {
    expect(searchPrefixes('mar')).toEqual({ prefixes: ['MAR'] });
    expect(searchPrefixes(' Márïa  SIL ')).toEqual({ prefixes: ['MARIA', 'SIL'] });
    expect(searchPrefixes('constantinopolitanos')).toEqual({ prefixes: ['CONSTANTINOPOLIT'] });
    expect(searchPrefixes('ma')).toEqual({ refused: 'each word of name must have at least 3 letters or digits (MA has fewer)' });
    expect(searchPrefixes('maria da')).toEqual({ refused: 'each word of name must have at least 3 letters or digits (DA has fewer)' });
    expect(searchPrefixes('--- ...')).toEqual({ refused: 'name must hold a word of at least 3 letters or digits' });
    expect(searchPrefixes('abc abd abe abf abg abh')).toEqual({ refused: 'name must hold at most 5 words' });
  });
});
