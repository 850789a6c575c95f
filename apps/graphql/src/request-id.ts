import { randomUUID } from 'node:crypto';

/** The header a proxy (or a client) sets to name a request; logs carry it. */
export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** The caller's request id when it is a plain token, else a fresh one (never logs a header verbatim). */
export function requestIdFrom(header: string | null | undefined): string {
  return header != null && SAFE_ID.test(header) ? header : randomUUID();
}
