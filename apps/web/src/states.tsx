import type { ComponentChildren } from 'preact';
import type { ApiProblem } from './api.ts';

/** A loading line that screen readers announce politely. */
export function Loading({ label }: { readonly label: string }) {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** Nothing to show yet, said plainly, with what would fill it. */
export function Empty({ children }: { readonly children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>;
}

/** What a problem means to the person, and what they can do. */
export function explainProblem(problem: ApiProblem): { title: string; detail: string } {
  if (problem.kind === 'unreachable') {
    return {
      title: 'The portdeck API is not answering',
      detail: `${problem.message} Check that it is running (pnpm start) and try again.`,
    };
  }
  switch (problem.code) {
    case 'UNAUTHENTICATED':
      return {
        title: 'This token was not accepted',
        detail:
          problem.reason === 'MISSING_TOKEN'
            ? 'Paste the dashboard token from /dashboard token.'
            : 'It is unknown or was revoked (a new /dashboard token replaces the old one). Ask a server admin for a new token with /dashboard token.',
      };
    case 'FORBIDDEN':
      return {
        title: 'This token reads another server',
        detail: 'Check the server id: a token only opens the statistics of the server that made it.',
      };
    case 'RATE_LIMITED':
      return {
        title: 'Too many requests with this token',
        detail: `Try again in ${problem.retryAfterSeconds ?? 60} seconds.`,
      };
    case 'SERVICE_UNAVAILABLE':
      return {
        title: 'Statistics are unavailable',
        detail: 'The API cannot reach the bot’s database right now. Port lookups still work.',
      };
    default:
      return { title: 'Something went wrong', detail: `${problem.message} (${problem.code})` };
  }
}

/** An error box, announced to screen readers at once. */
export function Problem({
  problem,
  children,
}: {
  readonly problem: ApiProblem;
  readonly children?: ComponentChildren;
}) {
  const { title, detail } = explainProblem(problem);
  const code = problem.kind === 'graphql' ? problem.code : 'API_UNREACHABLE';
  return (
    <div class="state state-error" role="alert" data-code={code}>
      <strong>{title}</strong>
      <p>{detail}</p>
      {children}
    </div>
  );
}
