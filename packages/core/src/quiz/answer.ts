import { normalizeName } from '../names.ts';
import { isOneEditApart } from '../search.ts';
import { parseTransport, type Transport } from '../transport.ts';
import type { Card, Expected } from './cards.ts';
import type { PortClass } from '../port-class.ts';

/** How a free-text answer fared. */
export type Verdict = 'correct' | 'partial' | 'incorrect';

/** The result of checking an answer, with a line to show the person. */
export interface AnswerCheck {
  readonly verdict: Verdict;
  readonly message: string;
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

function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

function matchesName(input: string, names: readonly string[]): 'exact' | 'typo' | undefined {
  const wanted = normalizeName(input.replace(/\/(tcp|udp)$/i, ''));
  if (wanted === '') return undefined;
  const folded = names.map(normalizeName);
  if (folded.includes(wanted)) return 'exact';
  const compact = wanted.replaceAll(' ', '');
  if (folded.some((n) => n.replaceAll(' ', '') === compact)) return 'exact';
  // One slip in a longer word is a spelling mistake, not a wrong answer.
  return compact.length >= 5 && folded.some((n) => isOneEditApart(compact, n.replaceAll(' ', '')))
    ? 'typo'
    : undefined;
}

function checkPorts(input: string, ports: readonly number[], answer: string): AnswerCheck {
  const given = new Set(numbersIn(input));
  if (given.size === 0) return { verdict: 'incorrect', message: `The answer is a port number: ${answer}.` };
  const right = ports.filter((p) => given.has(p));
  const wrong = [...given].filter((p) => !ports.includes(p));
  if (wrong.length === 0 && right.length === ports.length)
    return { verdict: 'correct', message: `Correct: ${answer}.` };
  if (right.length > 0 && wrong.length === 0)
    return { verdict: 'partial', message: `Partly: the full answer is ${answer}.` };
  return { verdict: 'incorrect', message: `Not quite: ${answer}.` };
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
  if (same(given, taught)) return { verdict: 'correct', message: `Correct: ${answer}.` };
  if (same(given, registered)) {
    return { verdict: 'partial', message: `True of the registry, but the taught answer is ${answer}.` };
  }
  return { verdict: 'incorrect', message: `The taught answer is ${answer}.` };
}

/** Checks a typed answer forgivingly: case, spacing, "3389/tcp", full names, aliases and one typo are fine. */
export function checkAnswer(card: Card, input: string): AnswerCheck {
  const expected: Expected = card.expected;
  if (input.trim() === '') return { verdict: 'incorrect', message: `No answer given: ${card.answer}.` };
  switch (expected.kind) {
    case 'names': {
      const match = matchesName(input, expected.names);
      if (match === 'exact') return { verdict: 'correct', message: `Correct: ${card.answer}.` };
      if (match === 'typo')
        return { verdict: 'correct', message: `Correct (check the spelling): ${card.answer}.` };
      return { verdict: 'incorrect', message: `Not quite: ${card.answer}.` };
    }
    case 'ports':
      return checkPorts(input, expected.ports, card.answer);
    case 'transport':
      return checkTransport(input, expected.taught, expected.registered, card.answer);
    case 'class': {
      const word = normalizeName(input).replace(/ ports?$/, '');
      const given = CLASS_WORDS[word];
      if (given === expected.portClass) return { verdict: 'correct', message: `Correct: ${card.answer}.` };
      return { verdict: 'incorrect', message: `Not quite: ${card.answer}.` };
    }
    case 'counterpart': {
      const portCheck =
        numbersIn(input).length > 0 ? checkPorts(input, expected.ports, card.answer).verdict : undefined;
      const nameMatch = input
        .split(/[\s,/]+(?=\d)|(?<=\D)\s+(?=\d)/)
        .some((part) => matchesName(part.replace(/\d+/g, ''), expected.names) !== undefined);
      if (nameMatch && portCheck !== 'incorrect') {
        return portCheck === undefined
          ? { verdict: 'partial', message: `Right service; its port: ${card.answer}.` }
          : { verdict: 'correct', message: `Correct: ${card.answer}.` };
      }
      if (!nameMatch && portCheck === 'correct')
        return { verdict: 'partial', message: `Right port; the service: ${card.answer}.` };
      return { verdict: 'incorrect', message: `Not quite: ${card.answer}.` };
    }
  }
}
