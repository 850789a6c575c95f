/** Folds a name for comparison: case, surrounding space, and the separators people vary ("ms-wbt server"). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ' ')
    .trim();
}
