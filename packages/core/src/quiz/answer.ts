import { normalizeName } from '../names.ts';
import type { PortClass } from '../port-class.ts';
import { compactName, type Registry } from '../registry.ts';
import { isOneEditApart } from '../search.ts';
import { parseTransport, type Transport } from '../transport.ts';
import type { Card } from './cards.ts';

/** How a free-text answer fared. */
export type Verdict = 'correct' | 'partial' | 'incorrect';

/** The result of checking an answer, with a line to show the person. */
export interface AnswerCheck {
  readonly verdict: Verdict;
  /** One line for the person: the verdict and the answer as taught. */
  readonly message: string;
  /** The answer as taught (the card's back). */
  readonly expected: string;
  /** Why, in a few words, where the verdict needs one ("close: check the spelling"). */
  readonly note?: string;
}

const CLASS_WORDS: Record<string, PortClass> = {
  system: 'system',
  'well known': 'system',
  wellknown: 'system',
  user: 'user',
  registered: 'user',
  dynamic: 'dynamic',
  private: 'dynamic',
  ephemeral: 'dynamic',
};

// "137-139" is the exam's own notation for three ports; a wider span is two numbers, not a list.
const MAX_TYPED_RANGE = 64;

/** The port numbers in an answer, with ranges such as "137-139" spelled out, and whether one was a range. */
function numbersIn(text: string): { numbers: number[]; hasRange: boolean } {
  const numbers: number[] = [];
  let hasRange = false;
  for (const match of text.matchAll(/(\d+)(?:\s*[-–]\s*(\d+))?/g)) {
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last > first && last - first <= MAX_TYPED_RANGE) {
      hasRange = true;
      for (let port = first; port <= last; port++) numbers.push(port);
    } else {
      numbers.push(first);
      if (match[2] !== undefined) numbers.push(last);
    }
  }
  return { numbers, hasRange };
}

type NameMatch =
  | { readonly kind: 'exact' | 'typo' }
  | { readonly kind: 'other'; readonly name: string }
  | { readonly kind: 'ambiguous'; readonly rival: string };

/**
 * Matches typed text against a card's names. A slip of one edit in a longer word is forgiven, unless the
 * text is itself another real name, or is as close to another real name as to this card's (IMAPS for 143).
 */
function matchName(registry: Registry, input: string, names: readonly string[]): NameMatch | undefined {
  const text = input.replace(/\/(tcp|udp)$/i, '');
  const compact = compactName(text);
  if (compact === '') return undefined;
  const expected = new Set(names.map(compactName));
  if (expected.has(compact)) return { kind: 'exact' };
  const near = registry.namesWithinOneEdit(text);
  if (near.includes(compact)) return { kind: 'other', name: normalizeName(text) };
  if (compact.length < 5 || ![...expected].some((name) => isOneEditApart(compact, name))) return undefined;
  const rival = near.find((name) => !expected.has(name));
  return rival === undefined ? { kind: 'typo' } : { kind: 'ambiguous', rival };
}

function otherServiceNote(registry: Registry, name: string): string {
  const match = registry.lookupName(name);
  const service = match?.services[0];
  const ports = service
    ? service.ports.map((p) => p.port)
    : [
        ...new Set([
          ...(match?.assignments ?? []).flatMap((a) => (a.ports ? [a.ports.first] : [])),
          ...(match?.aliases ?? []).map((a) => a.port),
        ]),
      ];
  const what = service ? service.shortName : `\`${name}\``;
  return ports.length > 0
    ? `${what} is another service (port ${ports.slice(0, 3).join(', ')})`
    : `${what} is another service`;
}

function nameNote(registry: Registry, match: NameMatch | undefined): string | undefined {
  switch (match?.kind) {
    case 'typo':
      return 'close: check the spelling';
    case 'other':
      return otherServiceNote(registry, match.name);
    case 'ambiguous':
      return `as close to \`${match.rival}\`, another service, as to this answer`;
    case 'exact':
    case undefined:
      return undefined;
  }
}

function check(verdict: Verdict, message: string, expected: string, note?: string): AnswerCheck {
  return note === undefined ? { verdict, message, expected } : { verdict, message, expected, note };
}

function checkPorts(input: string, ports: readonly number[], answer: string): AnswerCheck {
  const { numbers, hasRange } = numbersIn(input);
  const given = new Set(numbers);
  if (given.size === 0) return check('incorrect', `The answer is a port number: ${answer}.`, answer);
  const right = ports.filter((p) => given.has(p));
  const wrong = [...given].filter((p) => !ports.includes(p));
  if (wrong.length === 0 && right.length === ports.length) {
    return check(
      'correct',
      `Correct: ${answer}.`,
      answer,
      hasRange ? 'the range covers every port' : undefined,
    );
  }
  if (right.length > 0 && wrong.length === 0)
    return check(
      'partial',
      `Partly: the full answer is ${answer}.`,
      answer,
      `${right.length} of ${ports.length} ports`,
    );
  return check('incorrect', `Not quite: ${answer}.`, answer);
}

function checkTransport(
  input: string,
  taught: readonly Transport[],
  registered: readonly Transport[],
  answer: string,
): AnswerCheck {
  const text = input.trim().toLowerCase();
  const given: Transport[] = /\bboth\b/.test(text)
    ? ['tcp', 'udp']
    : text.split(/[\s,/&+]+|\band\b/).flatMap((word) => parseTransport(word) ?? []);
  const same = (a: readonly Transport[], b: readonly Transport[]) =>
    a.length === b.length && a.every((t) => b.includes(t));
  if (same(given, taught)) return check('correct', `Correct: ${answer}.`, answer);
  if (same(given, registered)) {
    return check(
      'partial',
      `True of the registry, but the taught answer is ${answer}.`,
      answer,
      'what IANA registers, not what is taught',
    );
  }
  return check('incorrect', `The taught answer is ${answer}.`, answer);
}

/** The name-like parts of an answer such as "LDAPS 636" or "sftp/22": words without their numbers. */
function nameParts(input: string): string[] {
  return input
    .split(/[\s,/]+(?=\d)|(?<=\D)\s+(?=\d)/)
    .map((part) => part.replace(/\d+(\s*[-–]\s*\d+)?/g, '').trim())
    .filter((part) => part !== '');
}

/**
 * Checks a typed answer forgivingly: case, spacing, "3389/tcp", full names, aliases, ranges such as
 * "137-139" and one typo are fine; another real service's name, or a slip as close to one, never is.
 */
export function checkAnswer(registry: Registry, card: Card, input: string): AnswerCheck {
  const expected = card.expected;
  const answer = card.answer;
  if (input.trim() === '') return check('incorrect', `No answer given: ${answer}.`, answer);
  switch (expected.kind) {
    case 'names': {
      const match = matchName(registry, input, expected.names);
      if (match?.kind === 'exact') return check('correct', `Correct: ${answer}.`, answer);
      if (match?.kind === 'typo')
        return check(
          'correct',
          `Correct (check the spelling): ${answer}.`,
          answer,
          nameNote(registry, match),
        );
      return check('incorrect', `Not quite: ${answer}.`, answer, nameNote(registry, match));
    }
    case 'ports':
      return checkPorts(input, expected.ports, answer);
    case 'transport':
      return checkTransport(input, expected.taught, expected.registered, answer);
    case 'class': {
      const word = normalizeName(input).replace(/ ports?$/, '');
      const given = CLASS_WORDS[word];
      if (given === expected.portClass) return check('correct', `Correct: ${answer}.`, answer);
      return check('incorrect', `Not quite: ${answer}.`, answer);
    }
    case 'counterpart': {
      const hasNumbers = numbersIn(input).numbers.length > 0;
      const parts = nameParts(input);
      let best: AnswerCheck = check('incorrect', `Not quite: ${answer}.`, answer);
      const rank: Record<Verdict, number> = { incorrect: 0, partial: 1, correct: 2 };
      for (const choice of expected.choices) {
        const matches = parts.map((part) => matchName(registry, part, choice.names));
        const named = matches.find((m) => m?.kind === 'exact' || m?.kind === 'typo');
        const ports = hasNumbers ? checkPorts(input, choice.ports, answer).verdict : undefined;
        let result: AnswerCheck | undefined;
        if (named && ports !== undefined && ports !== 'incorrect')
          result = check('correct', `Correct: ${answer}.`, answer, nameNote(registry, named));
        else if (named && ports === undefined)
          result = check('partial', `Right service; its port: ${answer}.`, answer, 'the port is missing');
        else if (!named && ports === 'correct' && parts.length === 0)
          result = check('partial', `Right port; the service: ${answer}.`, answer, 'the service is missing');
        else if (!named) {
          const note = matches.map((m) => nameNote(registry, m)).find((n) => n !== undefined);
          result = check('incorrect', `Not quite: ${answer}.`, answer, note);
        }
        const isBetter =
          result !== undefined &&
          (rank[result.verdict] > rank[best.verdict] ||
            (rank[result.verdict] === rank[best.verdict] && !best.note && result.note !== undefined));
        if (isBetter && result) best = result;
      }
      return best;
    }
  }
}
