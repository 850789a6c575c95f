import type { Assignment } from './assignment.ts';
import type { UnofficialUse } from './curated.ts';
import type { KnownService, Registry } from './registry.ts';
import type { ServiceAlias } from './service-aliases.ts';

/** What a search can find: a curated service, an IANA service name with its rows, or an unofficial use. */
export type SearchTarget =
  | { readonly kind: 'service'; readonly service: KnownService }
  | {
      readonly kind: 'service-name';
      readonly serviceName: string;
      readonly assignments: readonly Assignment[];
    }
  | { readonly kind: 'unofficial'; readonly use: UnofficialUse }
  | {
      readonly kind: 'alias';
      /** A services-file name that is not IANA's for its port ("webmin" for 10000). */
      readonly name: string;
      readonly aliases: readonly ServiceAlias[];
    };

/** One ranked search result. */
export type SearchHit = SearchTarget & { readonly score: number };

type Target = SearchTarget;

function hitKey(target: SearchTarget): string {
  switch (target.kind) {
    case 'service':
      return `s:${target.service.id}`;
    case 'service-name':
      return `n:${target.serviceName}`;
    case 'unofficial':
      return `u:${target.use.port}:${target.use.name}`;
    case 'alias':
      return `a:${target.name}`;
  }
}

/** Postings of one term: `doc * 4 + weight` per document, weight being that of the best field holding it. */
type Posting = number[];

const FIELD_WEIGHT = { names: 3, ports: 2, text: 1 } as const;

// Curated services outrank IANA rows for the same words: they are what people mean.
const CURATED_BOOST = 4;
const EXACT_NAME_SCORE = 1e6;
const PREFIX_QUALITY = 0.6;
const FUZZY_QUALITY = 0.45;
const MIN_FUZZY_LENGTH = 4;
// A one-letter prefix would touch most of the vocabulary; cap how many terms a prefix may expand to.
const MAX_PREFIX_TERMS = 64;

/** Splits text into lower-case alphanumeric terms. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((term) => term !== '');
}

/** Whether two terms differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function isOneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  const restA = endA - start + 1;
  const restB = endB - start + 1;
  if (restA <= 1 && restB <= 1) return true;
  return restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
}

/**
 * A search index over a registry built for microsecond queries: term postings, a sorted vocabulary for
 * prefixes, and a one-deletion map (SymSpell) for typos in names. Built once, lazily, by Registry.search.
 */
export class SearchIndex {
  readonly #registry: Registry;
  readonly #targets: Target[] = [];
  readonly #postings = new Map<string, Posting>();
  readonly #vocabulary: string[];
  // Name terms bucketed by length: a typo changes the length by at most one, so few buckets are scanned.
  readonly #nameTermsByLength: string[][] = [];
  readonly #fuzzyTerms = new Set<string>();
  // Scratch buffers reused by every query, sized to the number of documents.
  readonly #scores: Float64Array;
  readonly #tokenScores: Float64Array;
  readonly #matched: Uint16Array;

  constructor(registry: Registry) {
    this.#registry = registry;
    for (const service of registry.services) {
      const doc = this.#targets.push({ kind: 'service', service }) - 1;
      const names = [
        service.shortName,
        service.fullName,
        service.id,
        ...service.ianaNames,
        ...service.aliases,
        ...service.osAliases,
      ];
      this.#addText(doc, FIELD_WEIGHT.names, names.concat(Object.values(service.examNames ?? {})).join(' '));
      for (const { port } of service.ports) this.#addTerm(doc, FIELD_WEIGHT.ports, String(port));
      this.#addText(doc, FIELD_WEIGHT.text, `${service.category} ${service.note ?? ''}`);
    }
    // One pass over IANA rows: a document per service name, its terms added as rows arrive.
    const docByName = new Map<string, number>();
    for (const assignment of registry.assignments) {
      const { serviceName, ports } = assignment;
      if (!serviceName) continue;
      let doc = docByName.get(serviceName);
      if (doc === undefined) {
        doc = this.#targets.push({ kind: 'service-name', serviceName, assignments: [assignment] }) - 1;
        docByName.set(serviceName, doc);
        this.#addText(doc, FIELD_WEIGHT.names, serviceName);
      } else {
        (this.#targets[doc] as unknown as { assignments: Assignment[] }).assignments.push(assignment);
      }
      if (ports) {
        this.#addTerm(doc, FIELD_WEIGHT.ports, String(ports.first));
        if (ports.last !== ports.first) this.#addTerm(doc, FIELD_WEIGHT.ports, String(ports.last));
      }
      this.#addText(doc, FIELD_WEIGHT.text, assignment.description);
    }
    // A services-file line naming a port by IANA's name ("sunrpc 111/tcp portmapper") adds its other
    // names to that IANA name; a line without one ("webmin 10000/tcp") is a document of its own.
    const lines = new Map<string, ServiceAlias[]>();
    for (const alias of registry.aliases) {
      const key = `${alias.source} ${alias.canonical} ${alias.port}/${alias.transport}`;
      const line = lines.get(key);
      if (line) line.push(alias);
      else lines.set(key, [alias]);
    }
    const aliasDocs = new Map<string, number>();
    for (const line of lines.values()) {
      const first = line[0];
      if (!first) continue;
      const iana = new Set(
        registry.lookupPort(first.port, first.transport).assignments.map((a) => a.serviceName),
      );
      const ianaName = line.find((a) => iana.has(a.name))?.name;
      for (const alias of line) {
        if (ianaName !== undefined) {
          const doc = docByName.get(ianaName);
          if (doc !== undefined) this.#addText(doc, FIELD_WEIGHT.names, alias.name);
          continue;
        }
        let doc = aliasDocs.get(alias.name);
        if (doc === undefined) {
          doc = this.#targets.push({ kind: 'alias', name: alias.name, aliases: [alias] }) - 1;
          aliasDocs.set(alias.name, doc);
          this.#addText(doc, FIELD_WEIGHT.names, alias.name);
          this.#addTerm(doc, FIELD_WEIGHT.ports, String(alias.port));
        } else {
          (this.#targets[doc] as unknown as { aliases: ServiceAlias[] }).aliases.push(alias);
        }
      }
    }
    for (const use of registry.unofficial) {
      const doc = this.#targets.push({ kind: 'unofficial', use }) - 1;
      this.#addText(doc, FIELD_WEIGHT.names, use.name);
      this.#addTerm(doc, FIELD_WEIGHT.ports, String(use.port));
      this.#addText(doc, FIELD_WEIGHT.text, use.description);
    }
    this.#vocabulary = [...this.#postings.keys()].sort();
    this.#scores = new Float64Array(this.#targets.length);
    this.#tokenScores = new Float64Array(this.#targets.length);
    this.#matched = new Uint16Array(this.#targets.length);
  }

  /** Adds every alphanumeric run of a text, lower-cased, without building intermediate arrays. */
  #addText(doc: number, weight: number, text: string): void {
    const lower = text.toLowerCase();
    let start = -1;
    for (let i = 0; i <= lower.length; i++) {
      const code = i < lower.length ? lower.charCodeAt(i) : 0;
      const isWordChar = (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
      if (isWordChar) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        this.#addTerm(doc, weight, lower.slice(start, i));
        start = -1;
      }
    }
  }

  #addTerm(doc: number, weight: number, term: string): void {
    let posting = this.#postings.get(term);
    if (!posting) {
      posting = [];
      this.#postings.set(term, posting);
    }
    if (weight === FIELD_WEIGHT.names && term.length >= MIN_FUZZY_LENGTH && !this.#fuzzyTerms.has(term)) {
      this.#fuzzyTerms.add(term);
      (this.#nameTermsByLength[term.length] ??= []).push(term);
    }
    const last = posting.length - 1;
    const previous = posting[last] ?? -1;
    if (previous >> 2 !== doc) posting.push(doc * 4 + weight);
    else if ((previous & 3) < weight) posting[last] = doc * 4 + weight;
  }

  /** Terms of the vocabulary a query term may stand for, each with how well it matches (1 = exactly). */
  #expand(token: string): Map<string, number> {
    const matches = new Map<string, number>();
    if (this.#postings.has(token)) matches.set(token, 1);
    if (token.length >= 2 || /^\d$/.test(token)) {
      let low = 0;
      let high = this.#vocabulary.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((this.#vocabulary[mid] ?? '') < token) low = mid + 1;
        else high = mid;
      }
      for (let i = low, taken = 0; i < this.#vocabulary.length && taken < MAX_PREFIX_TERMS; i++) {
        const term = this.#vocabulary[i] ?? '';
        if (!term.startsWith(token)) break;
        if (term === token) continue;
        matches.set(term, PREFIX_QUALITY * (0.5 + (0.5 * token.length) / term.length));
        taken++;
      }
    }
    // Typos are looked for only when the word itself is not a known term.
    if (matches.get(token) !== 1 && token.length >= MIN_FUZZY_LENGTH && !/^\d+$/.test(token)) {
      for (let length = token.length - 1; length <= token.length + 1; length++) {
        for (const term of this.#nameTermsByLength[length] ?? []) {
          if (!matches.has(term) && isOneEditApart(token, term)) matches.set(term, FUZZY_QUALITY);
        }
      }
    }
    return matches;
  }

  /** Ranked hits for a query; an exact name match comes first, then documents matching every word. */
  search(query: string, limit: number): SearchHit[] {
    const text = query.trim();
    if (text === '' || limit <= 0) return [];
    const hits = new Map<string, SearchHit>();
    const add = (hit: SearchHit): void => {
      const key = hitKey(hit);
      if (!hits.has(key) && hits.size < limit) hits.set(key, hit);
    };
    const exact = this.#registry.lookupName(text);
    if (exact) {
      for (const service of exact.services) add({ kind: 'service', score: EXACT_NAME_SCORE, service });
      const names = new Set(exact.assignments.flatMap((a) => (a.serviceName ? [a.serviceName] : [])));
      for (const serviceName of names) {
        const assignments = exact.assignments.filter((a) => a.serviceName === serviceName);
        add({ kind: 'service-name', score: EXACT_NAME_SCORE / 2, serviceName, assignments });
      }
      if (exact.services.length === 0 && exact.assignments.length === 0 && exact.aliases.length > 0) {
        const name = exact.aliases[0]?.name ?? text;
        add({ kind: 'alias', score: EXACT_NAME_SCORE / 4, name, aliases: exact.aliases });
      }
    }
    for (const { doc, score } of this.#rank([...new Set(tokenize(text))], limit)) {
      const target = this.#targets[doc];
      if (target) add({ ...target, score });
    }
    return [...hits.values()];
  }

  #rank(tokens: readonly string[], limit: number): { doc: number; score: number }[] {
    const scores = this.#scores;
    const tokenScores = this.#tokenScores;
    const matched = this.#matched;
    const touched: number[] = [];
    const total = this.#targets.length;
    for (const token of tokens) {
      const tokenTouched: number[] = [];
      for (const [term, quality] of this.#expand(token)) {
        const posting = this.#postings.get(term);
        if (!posting) continue;
        const rarity = Math.log(1 + total / posting.length);
        for (const entry of posting) {
          const doc = entry >> 2;
          const value = quality * (entry & 3) * rarity;
          const previous = tokenScores[doc] ?? 0;
          if (previous === 0) tokenTouched.push(doc);
          if (value > previous) tokenScores[doc] = value;
        }
      }
      for (const doc of tokenTouched) {
        if (matched[doc] === 0) touched.push(doc);
        matched[doc] = (matched[doc] ?? 0) + 1;
        scores[doc] = (scores[doc] ?? 0) + (tokenScores[doc] ?? 0);
        tokenScores[doc] = 0;
      }
    }
    // Every word must match; if no document has them all, fall back to the best partial matches.
    const need = touched.some((doc) => matched[doc] === tokens.length) ? tokens.length : 1;
    const top: { doc: number; score: number }[] = [];
    for (const doc of touched) {
      if ((matched[doc] ?? 0) >= need) {
        const boost = this.#targets[doc]?.kind === 'service' ? CURATED_BOOST : 1;
        const score = ((scores[doc] ?? 0) * boost * (matched[doc] ?? 0)) / tokens.length;
        if (top.length < limit || score > (top[top.length - 1]?.score ?? 0)) {
          let at = top.length;
          while (at > 0 && (top[at - 1]?.score ?? 0) < score) at--;
          top.splice(at, 0, { doc, score });
          if (top.length > limit) top.pop();
        }
      }
      scores[doc] = 0;
      matched[doc] = 0;
    }
    return top;
  }
}
