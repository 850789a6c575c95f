// The template lane: dashboards ask one document with many variables (a port each), which no whole-response
// cache can serve. Once Yoga has answered a public document without errors for a method, URL and set of
// shaping headers, a POST of the same document with other variables is answered by its compiled query
// (`query-templates.ts`) and that earlier answer's headers: for a POST only the body and its length
// depend on the variables. Anything else, or any error, goes through Yoga unchanged.
import type { ServerResponse } from 'node:http';
import type { TemplateParams } from './query-templates.ts';

/** The status-200 headers of an earlier Yoga answer, reused for the same document with other variables. */
export interface Template {
  /** Names and values, flat, as `writeHead` takes them; the content length's value is at `lengthAt`. */
  readonly headers: readonly string[];
  readonly lengthAt: number;
}

const PARAMS = new Set(['query', 'operationName', 'variables']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The parameters of a JSON body when they are plainly what Yoga accepts without comment: a query text, an
 * optional operation name and an optional variables object, nothing else. Anything unusual (extensions,
 * nulls, other keys, invalid JSON) is left to Yoga and its error messages.
 */
export function templateParamsOf(body: string): TemplateParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || typeof parsed['query'] !== 'string') return undefined;
  for (const key of Object.keys(parsed)) if (!PARAMS.has(key)) return undefined;
  const { operationName, variables } = parsed;
  if (operationName !== undefined && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && !isObject(variables)) return undefined;
  return parsed as unknown as TemplateParams;
}

/** The template of a successful Yoga answer's headers; its body length is the only per-answer part. */
export function templateOf(headers: Readonly<Record<string, string>>): Template | undefined {
  const flat: string[] = [];
  let lengthAt = -1;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    // A validator describes one body, never another's.
    if (lower === 'etag') return undefined;
    if (lower === 'content-length') lengthAt = flat.length + 1;
    flat.push(name, value);
  }
  return lengthAt < 0 ? undefined : { headers: flat, lengthAt };
}

/** Answers 200 with the template's headers and a new body. */
export function sendWithTemplate(response: ServerResponse, template: Template, json: string): void {
  const body = Buffer.from(json);
  const headers = template.headers.slice();
  headers[template.lengthAt] = String(body.length);
  response.writeHead(200, headers);
  response.end(body);
}
