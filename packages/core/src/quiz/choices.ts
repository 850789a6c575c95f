import { PORT_CLASSES } from '../port-class.ts';
import type { KnownService, Registry } from '../registry.ts';
import { checkAnswer } from './answer.ts';
import { transportWords, type Card } from './cards.ts';

/** A random number in [0, 1): passed in so quizzes are reproducible in tests. */
export type Random = () => number;

/** A multiple-choice question: one correct option among plausible distractors. */
export interface MultipleChoice {
  readonly cardId: string;
  readonly prompt: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
}

/** Port pairs people mix up, in both directions: the best distractors there are. */
export const COMMON_CONFUSIONS: readonly (readonly [number, number])[] = [
  [20, 21],
  [21, 22],
  [22, 23],
  [25, 110],
  [110, 143],
  [143, 993],
  [110, 995],
  [993, 995],
  [25, 587],
  [25, 465],
  [465, 587],
  [53, 853],
  [67, 68],
  [69, 21],
  [80, 443],
  [80, 8080],
  [123, 161],
  [161, 162],
  [389, 636],
  [137, 138],
  [138, 139],
  [139, 445],
  [1701, 1723],
  [1812, 1813],
  [5060, 5061],
  [3389, 3306],
  [88, 389],
  [135, 445],
  [500, 4500],
];

function confusedWith(port: number): number[] {
  return COMMON_CONFUSIONS.flatMap(([a, b]) => (a === port ? [b] : b === port ? [a] : []));
}

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Picks `count` distinct options from tiers in order of plausibility, shuffling within each tier, never one
 * that `isRight` (an option the card's own grading would accept is not a wrong answer).
 */
function pickDistractors(
  tiers: readonly (readonly string[])[],
  isRight: (option: string) => boolean,
  count: number,
  random: Random,
): string[] {
  const picked: string[] = [];
  for (const tier of tiers) {
    for (const option of shuffle(tier, random)) {
      if (picked.length === count) return picked;
      if (!picked.includes(option) && !isRight(option)) picked.push(option);
    }
  }
  return picked;
}

function servicesAt(registry: Registry, ports: readonly number[]): KnownService[] {
  return ports.flatMap((port) => registry.lookupPort(port).services);
}

function nearbyServices(registry: Registry, ports: readonly number[]): KnownService[] {
  const centre = ports[0] ?? 0;
  return [...registry.services].sort(
    (a, b) => Math.abs((a.ports[0]?.port ?? 0) - centre) - Math.abs((b.ports[0]?.port ?? 0) - centre),
  );
}

function distractorsFor(registry: Registry, card: Card, correct: string, random: Random): string[] {
  const services = card.serviceIds.flatMap((id) => registry.service(id) ?? []);
  // Transport options stay all three: the registry's truth is partial there, and is what the card teaches.
  const isRight = (option: string): boolean => {
    if (option === correct) return true;
    const verdict = checkAnswer(registry, card, option).verdict;
    return verdict === 'correct' || (verdict === 'partial' && card.kind !== 'transport');
  };
  const ports = services.flatMap((s) => s.ports.map((p) => p.port));
  const sameCategory = registry.services.filter((s) => s.category === card.category);
  switch (card.kind) {
    case 'port-to-service': {
      const port = Number(card.id.split(':')[1]);
      const own = new Set(services.map((s) => s.shortName));
      const names = (list: KnownService[]) => list.map((s) => s.shortName);
      return pickDistractors(
        [
          names(servicesAt(registry, confusedWith(port))),
          names(sameCategory),
          names(nearbyServices(registry, [port]).slice(0, 8)),
          names([...registry.services]),
        ],
        (option) => own.has(option) || isRight(option),
        3,
        random,
      );
    }
    case 'service-to-port': {
      const own = services[0];
      const portsOf = (list: KnownService[]) =>
        list.filter((s) => s !== own).map((s) => s.ports.map((p) => p.port).join(', '));
      const confused = ports.flatMap(confusedWith).map(String);
      const near = ports
        .flatMap((p) => [p - 1, p + 1, p + 10].filter((n) => n >= 0 && n <= 65535))
        .map(String);
      return pickDistractors([confused, portsOf(sameCategory), near], isRight, 3, random);
    }
    case 'transport':
      return ['TCP', 'UDP', 'TCP and UDP'].filter((option) => option !== correct);
    case 'class':
      return PORT_CLASSES.map((c) => c.taughtName).filter((option) => option !== correct);
    case 'counterpart': {
      const secure = services[1];
      const others = registry.services.filter((s) => s.encryption === 'encrypted');
      const label = (s: KnownService) => `${s.shortName} on ${s.ports.map((p) => p.port).join(', ')}`;
      const wrongPort = secure ? [`${secure.shortName} on ${(secure.ports[0]?.port ?? 0) + 1}`] : [];
      return pickDistractors(
        [others.filter((s) => s.category === card.category).map(label), wrongPort, others.map(label)],
        isRight,
        3,
        random,
      );
    }
  }
}

function correctOption(registry: Registry, card: Card): string {
  const expected = card.expected;
  switch (expected.kind) {
    case 'names': {
      const services = card.serviceIds.flatMap((id) => registry.service(id) ?? []);
      return services.map((s) => s.shortName).join(' / ');
    }
    case 'ports':
      return expected.ports.join(', ');
    case 'transport':
      return transportWords(expected.taught);
    case 'class':
      return PORT_CLASSES.find((c) => c.id === expected.portClass)?.taughtName ?? expected.portClass;
    case 'counterpart': {
      const first = expected.choices[0];
      const secure = registry.service(first?.serviceId ?? '');
      return `${secure?.shortName ?? ''} on ${(first?.ports ?? []).join(', ')}`;
    }
  }
}

/** Turns a card into a multiple-choice question with up to three plausible distractors. */
export function multipleChoice(registry: Registry, card: Card, random: Random): MultipleChoice {
  const correct = correctOption(registry, card);
  const options = shuffle([correct, ...distractorsFor(registry, card, correct, random).slice(0, 3)], random);
  return { cardId: card.id, prompt: card.prompt, options, correctIndex: options.indexOf(correct) };
}
