import { describe, expect, it } from 'vitest';
import { classifyFlow } from './flow.ts';
import { createEmbeddedRegistry } from './load-registry.ts';

const registry = createEmbeddedRegistry();

describe('classifyFlow', () => {
  it("reads the seed's Ports in Action: a browser's high random port talking to a web server", () => {
    const verdict = classifyFlow(registry, 51514, 443);
    expect(verdict.server.port).toBe(443);
    expect(verdict.server.services.map((s) => s.id)).toEqual(['https', 'ssl']);
    expect(verdict.reason).toContain('443 is HTTPS');
    expect(verdict.client.port).toBe(51514);
    expect(verdict.confidence).toBe('high');
    expect(verdict.reason).toContain('The client talks from 51514 to the server listening on 443');
    expect(verdict.reason).toContain('Windows');
  });

  it('does not depend on the order of the ports', () => {
    expect(classifyFlow(registry, 443, 51514).server.port).toBe(443);
    expect(classifyFlow(registry, 3389, 60001).server.port).toBe(3389);
  });

  it('prefers a registered port over an unregistered one above 1024', () => {
    const verdict = classifyFlow(registry, 40000, 5432);
    expect(verdict.server.port).toBe(5432);
    expect(verdict.client.ephemeral.map((r) => r.system)).toContain('linux');
  });

  it('calls peers on the same port symmetric, with low confidence', () => {
    const verdict = classifyFlow(registry, 123, 123);
    expect(verdict).toMatchObject({ isSymmetric: true, confidence: 'low' });
  });

  it('falls back to the lower port, saying so, when nothing tells the ends apart', () => {
    const verdict = classifyFlow(registry, 60001, 60002);
    expect(verdict).toMatchObject({ confidence: 'low', server: { port: 60001 } });
    expect(verdict.reason).toContain('lower number');
  });
});
