import { parsePort, type PortErrorCode } from './port.ts';
import { err, ok, type Result } from './result.ts';
import { parseTransport, TRANSPORTS, type Transport } from './transport.ts';

/** What a person asked about: a port (maybe on one transport) or a name. */
export type PortQuery =
  | { readonly kind: 'port'; readonly port: number; readonly transport?: Transport }
  | { readonly kind: 'name'; readonly name: string };

/** Why typed input is not a query, with a message fit to show a user. */
export interface QueryError {
  readonly code: PortErrorCode | 'unknown-transport';
  readonly input: string;
  readonly message: string;
}

const NUMBER_LIKE = /^[+-]?(\d[\d,]*(\.\d*)?|\.\d+)$/;
// "65,536" as written in the seed: a thousands separator, not a list.
const THOUSANDS = /^\d{1,3}(,\d{3})+$/;

function portQuery(text: string, transport?: Transport): Result<PortQuery, QueryError> {
  const parsed = parsePort(THOUSANDS.test(text) ? text.replaceAll(',', '') : text);
  if (!parsed.ok) return err(parsed.error);
  return ok(
    transport ? { kind: 'port', port: parsed.value, transport } : { kind: 'port', port: parsed.value },
  );
}

/**
 * Parses what a person types: "3389", "3389/udp", "udp/53", "53 udp", "port 443", " rdp ", "remote desktop".
 * Numbers are checked as ports; anything with a letter that is not a port/transport pair is a name.
 */
export function parseQuery(input: string): Result<PortQuery, QueryError> {
  const text = input
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^port /i, '');
  if (text === '') {
    return err({
      code: 'empty',
      input,
      message: 'Type a port number (3389), a port and transport (53/udp) or a name (rdp).',
    });
  }
  if (NUMBER_LIKE.test(text)) return portQuery(text);
  const pair = /^(\S+?)\s*[/: ]\s*(\S+)$/.exec(text);
  if (pair) {
    const [, left = '', right = ''] = pair;
    const [number, transportText] = NUMBER_LIKE.test(left) ? [left, right] : [right, left];
    if (NUMBER_LIKE.test(number)) {
      const transport = parseTransport(transportText);
      if (!transport) {
        return err({
          code: 'unknown-transport',
          input,
          message: `"${transportText}" is not a transport: use ${TRANSPORTS.join(', ')}.`,
        });
      }
      return portQuery(number, transport);
    }
  }
  return ok({ kind: 'name', name: text });
}
