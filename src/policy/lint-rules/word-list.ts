/** Finds listed words and phrases in text: whole words only, any case, any spacing between words. */

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function termPattern(term: string): string {
  // "ms contin" matches "MS  Contin"; "retin-a" matches "Retin A" and "Retin-A".
  return term.trim().split(/[\s-]+/).map(escape).join("[\\s-]+");
}

export interface WordListMatcher { find(text: string): string[] }

/** Compiles a list once. find() returns the listed terms that occur, each once, in list order. */
export function compileWordList(terms: readonly string[]): WordListMatcher {
  const unique = [...new Set(terms.map((term) => term.toLowerCase()))];
  const patterns = unique.map((term) => ({ term, regex: new RegExp(`(?<![\\p{L}\\p{N}])${termPattern(term)}(?![\\p{L}\\p{N}])`, "iu") }));
  return { find: (text) => patterns.filter(({ regex }) => regex.test(text)).map(({ term }) => term) };
}
