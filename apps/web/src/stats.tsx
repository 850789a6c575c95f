import { useRef, useState } from 'preact/hooks';
import { BarChart, ColumnChart } from './charts.tsx';
import { useCredentials, type Credentials } from './credentials.ts';
import { describeCard, memberName, percent, plural } from './format.ts';
import { Empty, Loading, Problem } from './states.tsx';
import { useQuery } from './use-query.ts';

const PERIODS = [
  { id: 'DAY', label: 'Today' },
  { id: 'WEEK', label: 'This week' },
  { id: 'MONTH', label: 'This month' },
  { id: 'ALL', label: 'All time' },
] as const;

type Period = (typeof PERIODS)[number]['id'];

const STATS = `query Stats($id: ID!, $period: StatsPeriod!) {
  guild(id: $id) {
    id timeZone resetsAt(period: $period)
    leaderboard(period: $period, first: 20) {
      totalCount
      edges { node { rank userId displayName isHidden points correct answers } }
    }
    hardestPorts(period: $period, first: 8) { cardId answers correct shareCorrect mostChosenWrong mostChosenWrongCount }
    activity(period: $period) { date answers players }
    daily(first: 30) { edges { node { date cardId options correctIndex distribution answers shareCorrect } } }
    drills(first: 10) { edges { node { date players rounds winnerPoints winnerUserId winnerDisplayName } } }
  }
}`;

interface StatsData {
  readonly guild: {
    readonly id: string;
    readonly timeZone: string;
    readonly resetsAt: string | null;
    readonly leaderboard: {
      readonly totalCount: number;
      readonly edges: readonly {
        readonly node: {
          readonly rank: number;
          readonly userId: string | null;
          readonly displayName: string | null;
          readonly isHidden: boolean;
          readonly points: number;
          readonly correct: number;
          readonly answers: number;
        };
      }[];
    };
    readonly hardestPorts: readonly {
      readonly cardId: string;
      readonly answers: number;
      readonly correct: number;
      readonly shareCorrect: number;
      readonly mostChosenWrong: string | null;
      readonly mostChosenWrongCount: number;
    }[];
    readonly activity: readonly {
      readonly date: string;
      readonly answers: number;
      readonly players: number;
    }[];
    readonly daily: {
      readonly edges: readonly {
        readonly node: {
          readonly date: string;
          readonly cardId: string;
          readonly options: readonly string[];
          readonly correctIndex: number;
          readonly distribution: readonly number[];
          readonly answers: number;
          readonly shareCorrect: number;
        };
      }[];
    };
    readonly drills: {
      readonly edges: readonly {
        readonly node: {
          readonly date: string;
          readonly players: number;
          readonly rounds: number;
          readonly winnerPoints: number;
          readonly winnerUserId: string | null;
          readonly winnerDisplayName: string | null;
        };
      }[];
    };
  } | null;
}

/** A server's statistics behind its dashboard token. */
export function StatsPage() {
  const [credentials, setCredentials] = useCredentials();
  return (
    <>
      <h1>Server statistics</h1>
      {credentials === null ? (
        <TokenForm onSave={setCredentials} />
      ) : (
        <Stats
          credentials={credentials}
          onForget={() => {
            setCredentials(null);
          }}
        />
      )}
    </>
  );
}

function TokenForm({ onSave }: { readonly onSave: (credentials: Credentials) => void }) {
  const [guildId, setGuildId] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      class="card token-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (guildId.trim() === '' || token.trim() === '') {
          setError('Both the server id and the token are needed.');
          return;
        }
        onSave({ guildId: guildId.trim(), token: token.trim() });
      }}
    >
      <p>
        A server admin creates a read token with <code>/dashboard token</code> in Discord. It stays in this
        tab only (session storage) and is sent to the API in a header, never in the address.
      </p>
      <label for="guild-id">Server id</label>
      <input
        id="guild-id"
        inputMode="numeric"
        autocomplete="off"
        value={guildId}
        onInput={(e) => {
          setGuildId(e.currentTarget.value);
        }}
      />
      <label for="token">Dashboard token</label>
      <input
        id="token"
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={token}
        onInput={(e) => {
          setToken(e.currentTarget.value);
        }}
      />
      {error !== '' && (
        <p class="state state-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Open statistics</button>
    </form>
  );
}

function Stats({
  credentials,
  onForget,
}: {
  readonly credentials: Credentials;
  readonly onForget: () => void;
}) {
  const [period, setPeriod] = useState<Period>('ALL');
  const [reload, setReload] = useState(0);
  const state = useQuery<StatsData>(
    STATS,
    { id: credentials.guildId, period },
    { token: credentials.token, reload },
  );
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const forget = (
    <button type="button" class="secondary" onClick={onForget}>
      Use another token
    </button>
  );
  return (
    <>
      <p class="toolbar">
        <span>
          Server <code>{credentials.guildId}</code>
        </span>
        {forget}
      </p>
      <div class="tabs" role="tablist" aria-label="Period">
        {PERIODS.map((p, index) => (
          <button
            key={p.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${p.id}`}
            aria-selected={p.id === period}
            aria-controls="stats-panel"
            tabIndex={p.id === period ? 0 : -1}
            onClick={() => {
              setPeriod(p.id);
            }}
            onKeyDown={(event) => {
              const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (move === 0) return;
              event.preventDefault();
              const next = (index + move + PERIODS.length) % PERIODS.length;
              setPeriod(PERIODS[next]?.id ?? period);
              tabs.current[next]?.focus();
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div
        id="stats-panel"
        role="tabpanel"
        aria-labelledby={`tab-${period}`}
        aria-busy={state.status === 'loading'}
      >
        {state.status === 'loading' && <Loading label="Loading statistics…" />}
        {state.status === 'error' && (
          <Problem problem={state.problem}>
            <p class="actions">
              {state.problem.kind === 'graphql' &&
              (state.problem.code === 'UNAUTHENTICATED' || state.problem.code === 'FORBIDDEN') ? (
                forget
              ) : (
                <button
                  type="button"
                  onClick={() => {
                    setReload((n) => n + 1);
                  }}
                >
                  Try again
                </button>
              )}
            </p>
          </Problem>
        )}
        {state.status === 'ok' && state.data.guild !== null && (
          <GuildStats guild={state.data.guild} period={period} />
        )}
      </div>
    </>
  );
}

function GuildStats({
  guild,
  period,
}: {
  readonly guild: NonNullable<StatsData['guild']>;
  readonly period: Period;
}) {
  const periodLabel = PERIODS.find((p) => p.id === period)?.label.toLowerCase() ?? '';
  const board = guild.leaderboard.edges.map((e) => e.node);
  const daily = guild.daily.edges.map((e) => e.node);
  const drills = guild.drills.edges.map((e) => e.node);
  const totalAnswers = guild.activity.reduce((sum, day) => sum + day.answers, 0);
  return (
    <div class="stats-grid">
      <p class="muted wide">
        Periods follow {guild.timeZone}
        {guild.resetsAt !== null && `; this one ends ${new Date(guild.resetsAt).toLocaleString()}`}.
      </p>
      <section class="card" aria-labelledby="board-title">
        <h2 id="board-title">Leaderboard</h2>
        {board.length === 0 ? (
          <Empty>
            Nobody has scored {periodLabel}. Answers to the daily question and drills show up here.
          </Empty>
        ) : (
          <div class="table-scroll">
            <table class="leaderboard">
              <caption class="visually-hidden">
                Leaderboard, {periodLabel}: {plural(guild.leaderboard.totalCount, 'member')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Member</th>
                  <th scope="col">Points</th>
                  <th scope="col">Right</th>
                  <th scope="col">Answers</th>
                </tr>
              </thead>
              <tbody>
                {board.map((row, index) => (
                  <tr key={row.userId ?? `hidden-${index}`}>
                    <td>{row.rank}</td>
                    <td>{memberName(row.userId, row.displayName)}</td>
                    <td>{row.points}</td>
                    <td>{row.correct}</td>
                    <td>{row.answers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="hardest-title">
        <h2 id="hardest-title">Hardest ports</h2>
        {guild.hardestPorts.length === 0 ? (
          <Empty>No answers {periodLabel} yet.</Empty>
        ) : (
          <BarChart
            id="hardest"
            title="Share answered right"
            summary="Least often right first."
            description={`Share answered right: ${guild.hardestPorts
              .map((c) => `${describeCard(c.cardId)}: ${percent(c.shareCorrect)} of ${c.answers}`)
              .join('; ')}`}
            max={1}
            headers={['Card', 'Right']}
            bars={guild.hardestPorts.map((c) => ({
              label: describeCard(c.cardId),
              value: c.shareCorrect,
              short: `${percent(c.shareCorrect)} of ${c.answers}`,
              text: `${percent(c.shareCorrect)} of ${c.answers}${
                c.mostChosenWrong === null ? '' : ` · often “${c.mostChosenWrong}”`
              }`,
            }))}
          />
        )}
      </section>

      <section class="card wide" aria-labelledby="activity-title">
        <h2 id="activity-title">Activity</h2>
        {totalAnswers === 0 ? (
          <Empty>No answers {periodLabel}.</Empty>
        ) : (
          <ColumnChart
            id="activity"
            title="Answers per day"
            summary={`${plural(totalAnswers, 'answer')} over ${plural(guild.activity.length, 'day')}, most on one day: ${Math.max(...guild.activity.map((d) => d.answers))}.`}
            headers={['Day', 'Answers (players)']}
            columns={guild.activity.map((d) => ({
              label: d.date,
              value: d.answers,
              text: `${d.answers} (${plural(d.players, 'player')})`,
            }))}
          />
        )}
      </section>

      <section class="card wide" aria-labelledby="daily-title">
        <h2 id="daily-title">Daily questions</h2>
        {daily.length === 0 ? (
          <Empty>No daily question has been posted. Set one up with /daily in Discord.</Empty>
        ) : (
          <ol class="daily-list">
            {daily.map((q) => (
              <li key={`${q.date}-${q.cardId}`} class="daily">
                <p>
                  <strong>{q.date}</strong> {describeCard(q.cardId)} —{' '}
                  {q.answers === 0
                    ? 'no answers'
                    : `${percent(q.shareCorrect)} right of ${plural(q.answers, 'answer')}`}
                </p>
                <ul class="split" aria-label={`Answers on ${q.date}`}>
                  {q.options.map((option, index) => {
                    const count = q.distribution[index] ?? 0;
                    const isRight = index === q.correctIndex;
                    return (
                      <li key={option} class={isRight ? 'right' : ''}>
                        <span class="option">
                          {option}
                          {isRight && <span class="visually-hidden"> (right answer)</span>}
                          {isRight && <span aria-hidden="true"> ✓</span>}
                        </span>
                        <span class="meter" aria-hidden="true">
                          <span style={{ width: `${q.answers === 0 ? 0 : (count / q.answers) * 100}%` }} />
                        </span>
                        <span class="count">{count}</span>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section class="card wide" aria-labelledby="drills-title">
        <h2 id="drills-title">Recent drills</h2>
        {drills.length === 0 ? (
          <Empty>No drills yet. Start one with /drill in Discord.</Empty>
        ) : (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">Recent drills, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Players</th>
                  <th scope="col">Rounds</th>
                  <th scope="col">Winner</th>
                </tr>
              </thead>
              <tbody>
                {drills.map((d, index) => (
                  <tr key={index}>
                    <td>{d.date}</td>
                    <td>{d.players}</td>
                    <td>{d.rounds}</td>
                    <td>
                      {d.winnerPoints === 0
                        ? '—'
                        : `${memberName(d.winnerUserId, d.winnerDisplayName)} (${plural(d.winnerPoints, 'point')})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
