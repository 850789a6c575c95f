import { FlowChecker } from './explorer.tsx';
import { hrefOf } from './route.ts';
import { Empty, Loading, Problem } from './states.tsx';
import { useQuery } from './use-query.ts';

const PORT = `query Port($number: Int!) {
  port(number: $number) {
    number isAssigned
    classInfo { class rfcName alsoCalled first last description }
    assignments { serviceName transport description status reference ports { first last } }
    wellKnownServices { id shortName fullName category encryption taughtTransports note }
    unofficialUses { name description transports sourceUrl }
    ephemeralRanges { system label first last note }
  }
}`;

interface PortData {
  readonly port: {
    readonly number: number;
    readonly isAssigned: boolean;
    readonly classInfo: {
      readonly class: string;
      readonly rfcName: string;
      readonly alsoCalled: readonly string[];
      readonly first: number;
      readonly last: number;
      readonly description: string;
    };
    readonly assignments: readonly {
      readonly serviceName: string | null;
      readonly transport: string | null;
      readonly description: string;
      readonly status: string;
      readonly reference: string | null;
      readonly ports: { readonly first: number; readonly last: number } | null;
    }[];
    readonly wellKnownServices: readonly {
      readonly id: string;
      readonly shortName: string;
      readonly fullName: string;
      readonly category: string;
      readonly encryption: string;
      readonly taughtTransports: readonly string[];
      readonly note: string | null;
    }[];
    readonly unofficialUses: readonly {
      readonly name: string;
      readonly description: string;
      readonly transports: readonly string[];
      readonly sourceUrl: string;
    }[];
    readonly ephemeralRanges: readonly {
      readonly system: string;
      readonly label: string;
      readonly first: number;
      readonly last: number;
      readonly note: string | null;
    }[];
  };
}

const words = (text: string): string => text.toLowerCase().replaceAll('_', ' ');

/** Everything the API knows about one port, and the flow checker starting from it. */
export function PortPage({ port }: { readonly port: number }) {
  const state = useQuery<PortData>(PORT, { number: port });
  return (
    <>
      <p>
        <a href={hrefOf({ page: 'explore' })}>← Search</a>
      </p>
      <h1>Port {port}</h1>
      {state.status === 'loading' && <Loading label={`Looking up port ${port}…`} />}
      {state.status === 'error' && <Problem problem={state.problem} />}
      {state.status === 'ok' && <PortDetails data={state.data.port} />}
      <FlowChecker key={port} initialPort={port} />
    </>
  );
}

function PortDetails({ data }: { readonly data: PortData['port'] }) {
  const { classInfo } = data;
  const hasReferences = data.assignments.some((a) => a.reference !== null);
  return (
    <>
      <section class="card" aria-labelledby="class-title">
        <h2 id="class-title">Class</h2>
        <p class="class-line">
          <span class={`badge badge-${classInfo.class.toLowerCase()}`}>{classInfo.rfcName}</span>{' '}
          {classInfo.first}–{classInfo.last}
          {classInfo.alsoCalled.length > 0 && (
            <span class="muted"> (also: {classInfo.alsoCalled.join(', ')})</span>
          )}
        </p>
        <p class="muted">{classInfo.description}</p>
      </section>

      <section class="card" aria-labelledby="known-title">
        <h2 id="known-title">Well-known uses</h2>
        {data.wellKnownServices.length === 0 ? (
          <Empty>No well-known service is taught on this port.</Empty>
        ) : (
          <ul class="plain">
            {data.wellKnownServices.map((s) => (
              <li key={s.id}>
                <strong>{s.shortName}</strong> — {s.fullName}{' '}
                <span class="tag">{s.taughtTransports.join('/')}</span>{' '}
                <span class="tag">{words(s.category)}</span> <span class="tag">{words(s.encryption)}</span>
                {s.note !== null && <p class="muted">{s.note}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="iana-title">
        <h2 id="iana-title">IANA assignments</h2>
        {data.assignments.length === 0 ? (
          <Empty>IANA has no row for this port.</Empty>
        ) : (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">IANA rows covering port {data.number}</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Transport</th>
                  <th scope="col">Ports</th>
                  <th scope="col">Description</th>
                  {hasReferences && <th scope="col">Reference</th>}
                </tr>
              </thead>
              <tbody>
                {data.assignments.map((a, index) => (
                  <tr key={index}>
                    <td>{a.serviceName ?? <span class="muted">{words(a.status)}</span>}</td>
                    <td>{a.transport ?? 'any'}</td>
                    <td>
                      {a.ports === null
                        ? '—'
                        : a.ports.first === a.ports.last
                          ? a.ports.first
                          : `${a.ports.first}–${a.ports.last}`}
                    </td>
                    <td>{a.description}</td>
                    {hasReferences && <td>{a.reference ?? ''}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="unofficial-title">
        <h2 id="unofficial-title">Unofficial uses</h2>
        {data.unofficialUses.length === 0 ? (
          <Empty>No common unofficial use is recorded.</Empty>
        ) : (
          <ul class="plain">
            {data.unofficialUses.map((u) => (
              <li key={u.name}>
                <strong>{u.name}</strong> <span class="tag">{u.transports.join('/')}</span> — {u.description}{' '}
                <a href={u.sourceUrl} rel="noreferrer noopener" target="_blank">
                  source
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="ephemeral-title">
        <h2 id="ephemeral-title">Ephemeral ranges</h2>
        {data.ephemeralRanges.length === 0 ? (
          <Empty>No common system picks this port as a client’s source port by default.</Empty>
        ) : (
          <>
            <p class="muted">These systems may pick it as a client’s source port:</p>
            <ul class="plain">
              {data.ephemeralRanges.map((r) => (
                <li key={r.system}>
                  <strong>{r.label}</strong> {r.first}–{r.last}
                  {r.note !== null && <span class="muted"> ({r.note})</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
