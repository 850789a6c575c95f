import { err, ok, type Result } from '../result.ts';

/** Why a time zone was refused, with a message fit to show a user. */
export interface TimeZoneError {
  readonly code: 'empty-time-zone' | 'unknown-time-zone';
  readonly input: string;
  /** Close matches for a typo, best first (at most three). */
  readonly suggestions: readonly string[];
  readonly message: string;
}

// Current IANA spellings that ICU lists only under their former names (Node 20, 22 and 24 alike: ICU 78).
const CURRENT_NAMES = [
  'UTC',
  'Asia/Kolkata',
  'Europe/Kyiv',
  'Asia/Ho_Chi_Minh',
  'America/Nuuk',
  'Asia/Kathmandu',
  'Asia/Yangon',
  'Pacific/Kanton',
  'Atlantic/Faroe',
  'America/Argentina/Buenos_Aires',
  'Africa/Asmara',
];

const EXAMPLES = 'an IANA name such as Europe/Berlin, America/New_York or Asia/Kolkata';

function isKnownToIntl(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

let knownNames: readonly string[] | undefined;

/** Every zone name offered: Intl's list plus current spellings it files under older names. */
function zoneNames(): readonly string[] {
  knownNames ??= [
    ...new Set([...Intl.supportedValuesOf('timeZone'), ...CURRENT_NAMES.filter(isKnownToIntl)]),
  ];
  return knownNames;
}

const fold = (text: string): string => text.toLowerCase().replace(/[\s_-]+/g, '');

/** Optimal string alignment distance (Levenshtein plus swapped neighbours). */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const cells = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => cells[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) cells[i * width] = i;
  for (let j = 0; j <= b.length; j++) cells[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      cells[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Up to three zone names close to what was typed: a typo in the whole name ("Europe/Berln"), the city
 * alone ("berlin", "new york"), or a city with a typo ("Kolkatta").
 */
export function suggestTimeZones(input: string): string[] {
  const wanted = fold(input);
  if (wanted === '') return [];
  const allowed = Math.max(1, Math.floor(wanted.length / 4));
  const scored: { name: string; score: number }[] = [];
  for (const name of zoneNames()) {
    const whole = fold(name);
    const city = fold(name.slice(name.lastIndexOf('/') + 1));
    let score = Math.min(editDistance(wanted, whole), editDistance(wanted, city));
    if (score > allowed && wanted.length >= 4 && city.startsWith(wanted)) score = allowed;
    if (score <= allowed) scored.push({ name, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((s) => s.name);
}

/**
 * Reads an IANA time zone as typed: case-insensitive, spaces for underscores ("america/new york"),
 * aliases Intl accepts ("US/Eastern", "Etc/GMT-2"). Returns the zone's proper spelling, or an error that
 * names the input and suggests close matches.
 */
export function parseTimeZone(input: string): Result<string, TimeZoneError> {
  const text = input.trim();
  if (text === '') {
    return err({
      code: 'empty-time-zone',
      input,
      suggestions: [],
      message: `Give a time zone: ${EXAMPLES}.`,
    });
  }
  const spelled = text.replace(/\s+/g, '_');
  const listed = zoneNames().find((name) => name.toLowerCase() === spelled.toLowerCase());
  if (listed !== undefined) return ok(listed);
  if (spelled.includes('/') || /^[a-z]+$/i.test(spelled)) {
    if (isKnownToIntl(spelled)) {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: spelled }).resolvedOptions().timeZone;
      return ok(resolved.toLowerCase() === spelled.toLowerCase() ? resolved : spelled);
    }
  }
  const suggestions = suggestTimeZones(text);
  const hint = suggestions.length > 0 ? ` Did you mean ${orList(suggestions)}?` : '';
  return err({
    code: 'unknown-time-zone',
    input,
    suggestions,
    message: `"${text}" is not a time zone I know.${hint} Use ${EXAMPLES}.`,
  });
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}
