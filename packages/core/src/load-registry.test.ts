import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IANA_SAMPLE_CSV } from './iana-csv.fixture.ts';
import { loadRegistry, openRegistry } from './load-registry.ts';

// The loader is core's one piece of I/O: these tests read real files and a real loopback HTTP server.
const dir = mkdtempSync(join(tmpdir(), 'portdeck-load-'));
const csvPath = join(dir, 'service-names-port-numbers.csv');
const badPath = join(dir, 'bad.csv');
writeFileSync(csvPath, IANA_SAMPLE_CSV);
writeFileSync(badPath, 'Service Name,Port Number,Transport Protocol\nhttp,80-70,tcp\n');

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/ports.csv')
      response.writeHead(200, { 'content-type': 'text/csv' }).end(IANA_SAMPLE_CSV);
    else response.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('loadRegistry', () => {
  it('builds the same registry from a file and from a URL', async () => {
    const fromFile = await loadRegistry(csvPath);
    const fromUrl = await loadRegistry(`${baseUrl}/ports.csv`);
    if (!fromFile.ok || !fromUrl.ok) throw new Error('expected both to load');
    expect(fromFile.value.source.kind).toBe('iana-csv');
    expect(fromFile.value.source.label).toBe(csvPath);
    expect(fromUrl.value.source.version).toBe(fromFile.value.source.version);
    expect(fromFile.value.lookupPort(3389).assignments.length).toBeGreaterThan(0);
  });

  it('says why a location cannot be read: missing file, HTTP 404 (failure)', async () => {
    const missing = await loadRegistry(join(dir, 'nope.csv'));
    const notFound = await loadRegistry(`${baseUrl}/missing.csv`);
    expect(missing).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(notFound).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(!notFound.ok && notFound.error.message).toContain('HTTP 404');
  });

  it('refuses a readable file that is not a valid registry (edge: reversed range)', async () => {
    expect(await loadRegistry(badPath)).toMatchObject({
      ok: false,
      error: { code: 'invalid', location: badPath },
    });
  });
});

describe('openRegistry', () => {
  it('is the embedded registry when no location is configured', async () => {
    const opened = await openRegistry(undefined);
    expect(opened.ok && opened.value.source.kind).toBe('embedded');
  });

  it('loads the configured location, and passes its error on (failure)', async () => {
    const opened = await openRegistry(csvPath);
    expect(opened.ok && opened.value.source.kind).toBe('iana-csv');
    expect(await openRegistry(join(dir, 'nope.csv'))).toMatchObject({ ok: false });
  });
});
