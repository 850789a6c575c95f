import { useState } from 'preact/hooks';
import { CLASS_NAMES } from './format.ts';
import { hrefOf } from './route.ts';
import { Empty, Loading, Problem } from './states.tsx';
import { useQuery } from './use-query.ts';

const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 12) {
    edges { node { __typename score
      ... on ServiceHit { service { id shortName fullName ports { number } } }
      ... on ServiceNameHit { serviceName assignments { description ports { first last } } }
      ... on UnofficialUseHit { unofficialUse { name port description } }
      ... on ServiceAliasHit { name aliases { port source } }
    } }
  }
}`;

type SearchNode =
  | {
      readonly __typename: 'ServiceHit';
      readonly service: {
        readonly id: string;
        readonly shortName: string;
        readonly fullName: string;
        readonly ports: readonly { readonly number: number }[];
      };
    }
  | {
      readonly __typename: 'ServiceNameHit';
      readonly serviceName: string;
      readonly assignments: readonly {
        readonly description: string;
        readonly ports: { readonly first: number; readonly last: number } | null;
      }[];
    }
  | {
      readonly __typename: 'UnofficialUseHit';
      readonly unofficialUse: { readonly name: string; readonly port: number; readonly description: string };
    }
  | {
      readonly __typename: 'ServiceAliasHit';
      readonly name: string;
      readonly aliases: readonly { readonly port: number; readonly source: string }[];
    };

interface SearchData {
  readonly search: { readonly edges: readonly { readonly node: SearchNode }[] };
}

/** One line of results: a name, what it is, and the ports it leads to. */
interface ResultLine {
  readonly title: string;
  readonly detail: string;
  readonly kind: string;
  readonly ports: readonly number[];
}

const unique = (ports: readonly number[]): number[] => [...new Set(ports)];

function lineOf(node: SearchNode): ResultLine {
  switch (node.__typename) {
    case 'ServiceHit':
      return {
        title: node.service.shortName,
        detail: node.service.fullName,
        kind: 'well-known service',
        ports: unique(node.service.ports.map((p) => p.number)),
      };
    case 'ServiceNameHit':
      return {
        title: node.serviceName,
        detail: node.assignments[0]?.description ?? '',
        kind: 'IANA service name',
        ports: unique(
          node.assignments.flatMap((a) => (a.ports && a.ports.first === a.ports.last ? [a.ports.first] : [])),
        ),
      };
    case 'UnofficialUseHit':
      return {
        title: node.unofficialUse.name,
        detail: node.unofficialUse.description,
        kind: 'unofficial use',
        ports: [node.unofficialUse.port],
      };
    case 'ServiceAliasHit':
      return {
        title: node.name,
        detail: node.aliases[0]?.source ?? '',
        kind: 'services-file name',
        ports: unique(node.aliases.map((a) => a.port)),
      };
  }
}

/** Search as you type (the API's ranked, typo-tolerant search), and a flow checker. */
export function Explorer() {
  const [text, setText] = useState('');
  const query = text.trim();
  const state = useQuery<SearchData>(SEARCH, query === '' ? null : { query }, { delayMs: 150 });
  const asPort = /^\d{1,5}$/.test(query) && Number(query) <= 65535 ? Number(query) : undefined;
  return (
    <>
      <section aria-labelledby="search-title">
        <h1 id="search-title">Find a port</h1>
        <label for="search">Port number, service or name (typos are fine)</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          spellcheck={false}
          placeholder="443, ssh, remote desktop…"
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
          }}
          aria-describedby="search-status"
        />
        <div id="search-status" aria-live="polite">
          {asPort !== undefined && (
            <p class="jump">
              <a href={hrefOf({ page: 'port', port: asPort })}>Open port {asPort} →</a>
            </p>
          )}
          {query === '' && (
            <Empty>Type to search the IANA registry and portdeck’s well-known services.</Empty>
          )}
          {state.status === 'loading' && <Loading label="Searching…" />}
          {state.status === 'error' && <Problem problem={state.problem} />}
          {state.status === 'ok' && <Results lines={state.data.search.edges.map((e) => lineOf(e.node))} />}
        </div>
      </section>
      <FlowChecker />
    </>
  );
}

function Results({ lines }: { readonly lines: readonly ResultLine[] }) {
  if (lines.length === 0) return <Empty>Nothing matches. Try a port number or a shorter name.</Empty>;
  return (
    <ol class="results" aria-label="Search results">
      {lines.map((line, index) => (
        <li key={`${line.kind}:${line.title}:${index}`}>
          <div>
            <strong>{line.title}</strong> <span class="tag">{line.kind}</span>
            {line.detail !== '' && <p class="muted">{line.detail}</p>}
          </div>
          <div class="ports">
            {line.ports.slice(0, 8).map((port) => (
              <a key={port} class="port-link" href={hrefOf({ page: 'port', port })}>
                {port}
              </a>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}

const FLOW = `query Flow($a: Int!, $b: Int!) {
  flow(portA: $a, portB: $b) {
    confidence isSymmetric reason
    server { port class serviceNames wellKnownServices { shortName } }
    client { port class ephemeralRanges { label } }
  }
}`;

interface FlowData {
  readonly flow: {
    readonly confidence: 'HIGH' | 'MEDIUM' | 'LOW';
    readonly isSymmetric: boolean;
    readonly reason: string;
    readonly server: {
      readonly port: number;
      readonly class: string;
      readonly serviceNames: readonly string[];
      readonly wellKnownServices: readonly { readonly shortName: string }[];
    };
    readonly client: {
      readonly port: number;
      readonly class: string;
      readonly ephemeralRanges: readonly { readonly label: string }[];
    };
  };
}

const asPortNumber = (text: string): number | undefined =>
  /^\s*\d{1,5}\s*$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;

/** "Which side is the server": two ports of a connection in, the API's reasoning out. */
export function FlowChecker({ initialPort }: { readonly initialPort?: number }) {
  const [a, setA] = useState(initialPort === undefined ? '' : String(initialPort));
  const [b, setB] = useState('');
  const [asked, setAsked] = useState<{ a: number; b: number } | null>(null);
  const [error, setError] = useState('');
  const state = useQuery<FlowData>(FLOW, asked);
  return (
    <section aria-labelledby="flow-title" class="card">
      <h2 id="flow-title">Which side is the server?</h2>
      <p class="muted">Give the two ports of a connection, as a firewall log or netstat shows them.</p>
      <form
        class="flow-form"
        onSubmit={(event) => {
          event.preventDefault();
          const portA = asPortNumber(a);
          const portB = asPortNumber(b);
          if (portA === undefined || portB === undefined) {
            setError('Both ports must be numbers from 0 to 65535.');
            return;
          }
          setError('');
          setAsked({ a: portA, b: portB });
        }}
      >
        <label>
          One end’s port
          <input
            inputMode="numeric"
            value={a}
            onInput={(e) => {
              setA(e.currentTarget.value);
            }}
            name="portA"
          />
        </label>
        <label>
          The other end’s port
          <input
            inputMode="numeric"
            value={b}
            onInput={(e) => {
              setB(e.currentTarget.value);
            }}
            name="portB"
          />
        </label>
        <button type="submit">Check</button>
      </form>
      {error !== '' && (
        <p class="state state-error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite">
        {state.status === 'loading' && <Loading label="Reasoning…" />}
        {state.status === 'error' && <Problem problem={state.problem} />}
        {state.status === 'ok' && <FlowAnswer flow={state.data.flow} />}
      </div>
    </section>
  );
}

function FlowAnswer({ flow }: { readonly flow: FlowData['flow'] }) {
  const serverNames = [...flow.server.wellKnownServices.map((s) => s.shortName), ...flow.server.serviceNames];
  return (
    <div class="flow-answer" data-testid="flow-answer">
      {flow.isSymmetric ? (
        <p class="verdict">Both ends use port {flow.server.port}: peers of one service.</p>
      ) : (
        <p class="verdict">
          Server: <a href={hrefOf({ page: 'port', port: flow.server.port })}>port {flow.server.port}</a>
          {serverNames.length > 0 && ` (${[...new Set(serverNames)].slice(0, 3).join(', ')})`}. Client:{' '}
          <a href={hrefOf({ page: 'port', port: flow.client.port })}>port {flow.client.port}</a>.
        </p>
      )}
      <p>
        <span class={`confidence confidence-${flow.confidence.toLowerCase()}`}>
          {flow.confidence.toLowerCase()} confidence
        </span>{' '}
        {flow.reason}
      </p>
      <p class="muted">
        Server side: {CLASS_NAMES[flow.server.class] ?? flow.server.class}. Client side:{' '}
        {CLASS_NAMES[flow.client.class] ?? flow.client.class}
        {flow.client.ephemeralRanges.length > 0 &&
          `, in the ephemeral range of ${flow.client.ephemeralRanges.map((r) => r.label).join(', ')}`}
        .
      </p>
    </div>
  );
}
