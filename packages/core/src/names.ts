/** Folds a name for comparison: case, surrounding space, and the separators people vary ("ms-wbt server"). */
export function normalizeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII names (nearly all) skip the costly Unicode folding
  return (/[^\x00-\x7f]/.test(name) ? name.normalize('NFKD') : name)
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ' ')
    .trim();
}

/** "a" or "an" before a word, by its first letter ("an authentication service", "a web service"). */
export function indefiniteArticle(word: string): 'a' | 'an' {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
