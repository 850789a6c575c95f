import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyFlow, describePortList, lookup, MAX_PORT, nearbyServices } from '@portdeck/core';
import { validateChoices, validateMessage } from '@portdeck/discord-double';
import { suggest } from '../src/commands/port.ts';
import { renderLookupError } from '../src/render/errors.ts';
import { isEphemeral } from '../src/render/message.ts';
import { renderFlow } from '../src/render/flow.ts';
import { renderPortInfo } from '../src/render/port.ts';
import { renderPortList } from '../src/render/port-list.ts';
import { renderRange } from '../src/render/range.ts';
import { messageToText } from '../src/render/text.ts';
import { registry } from './helpers.ts';

describe('renderPortInfo', () => {
  it('keeps every port 0-65535 within Discord message limits', () => {
    const r = registry();
    const broken: number[] = [];
    for (let port = 0; port <= MAX_PORT; port++) {
      const info = r.lookupPort(port);
      const message = renderPortInfo(r, info, info.services.length > 0 ? [] : nearbyServices(r, port));
      if (validateMessage(message, { isCreate: true }).errors.length > 0) broken.push(port);
    }
    expect(broken).toEqual([]);
  });

  it('offers the counterpart as a button (HTTP → HTTPS) and none when there is none (RDP)', () => {
    const r = registry();
    const http = renderPortInfo(r, r.lookupPort(80), []);
    expect(http.components?.[0]?.components.map((b) => b.custom_id)).toContain('port:1:443');
    expect(renderPortInfo(r, r.lookupPort(3389), []).components).toBeUndefined();
  });

  it('says a dynamic port is never assigned (edge: 65535)', () => {
    const r = registry();
    const text = messageToText(renderPortInfo(r, r.lookupPort(MAX_PORT), []));
    expect(text).toContain('IANA never assigns');
    expect(text).toContain('Dynamic Ports');
  });
});

describe('English in the port embed', () => {
  it('says "an authentication service", and never "HTTP Alternate is HTTP Alternate"', () => {
    const r = registry();
    const kerberos = messageToText(renderPortInfo(r, r.lookupPort(88), []));
    expect(kerberos).toContain('Kerberos is an authentication service.');
    const alternate = messageToText(renderPortInfo(r, r.lookupPort(8080), []));
    expect(alternate).not.toContain('HTTP Alternate is HTTP Alternate');
    expect(alternate).toContain('HTTP Alternate is a web service.');
    expect(messageToText(renderPortInfo(r, r.lookupPort(3389), []))).toContain(
      'RDP is Remote Desktop Protocol, a remote access service.',
    );
  });

  it('shows 8080 as registered, with no unofficial uses (edge)', () => {
    const r = registry();
    const text = messageToText(renderPortInfo(r, r.lookupPort(8080), []));
    expect(text).toContain('`http-alt`');
    expect(text).not.toContain('Unofficial uses');
  });

  it('renders a flow without repeating a name as its full name (failure: "Telnet (Telnet)")', () => {
    const r = registry();
    const text = messageToText(renderFlow(classifyFlow(r, 23, 51000)));
    expect(text).not.toContain('Telnet (Telnet)');
  });
});

describe('renderPortList', () => {
  it('lists as "Not encrypted" only what the port embed calls cleartext (FTP and POP3 can upgrade)', () => {
    const summary = describePortList(registry(), '21,23,110,1723');
    if (!summary.ok) throw new Error(summary.error.message);
    const text = messageToText(renderPortList(summary.value));
    expect(text).toMatch(/Not encrypted\W+Telnet\n/);
    expect(text).toContain('PPTP');
    expect(text).not.toMatch(/Not encrypted[^\n]*\n?[^\n]*FTP/);
  });
});

describe('renderLookupError', () => {
  it('is ephemeral, short, and lists suggestions for any typed text', () => {
    const r = registry();
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (typed) => {
        const answer = lookup(r, typed);
        if (answer.ok) return;
        const message = renderLookupError(answer.error);
        expect(isEphemeral(message)).toBe(true);
        expect(validateMessage(message, { isCreate: true }).errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('omits the general hint for an unknown transport (the message already says what to use)', () => {
    const answer = lookup(registry(), '53/xyz');
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(renderLookupError(answer.error).content).not.toContain('Try a port number');
  });
});

describe('suggest (autocomplete)', () => {
  it('returns at most 25 valid choices for any input', () => {
    const r = registry();
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (typed) => {
        const choices = suggest(r, typed);
        expect(validateChoices(choices)).toEqual([]);
        expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
      }),
      { numRuns: 300 },
    );
  });

  it('suggests services-file names that resolve to their ports (portmapper, webmin)', () => {
    const r = registry();
    for (const [typed, port] of [
      ['portmapper', 111],
      ['webmin', 10000],
      ['kerberos5', 88],
    ] as const) {
      const value = suggest(r, typed)[0]?.value;
      const answer = lookup(r, String(value));
      const ports = answer.ok
        ? answer.value.kind === 'name'
          ? answer.value.ports.map((p) => p.port)
          : [answer.value.info.port]
        : [];
      expect(ports, typed).toContain(port);
    }
  });

  it('suggests the seed services for empty input and nothing for junk', () => {
    expect(suggest(registry(), '').length).toBeGreaterThan(10);
    expect(suggest(registry(), '%%%%')).toEqual([]);
  });
});

describe('renderRange', () => {
  it('lists Windows XP only for its legacy range, and no system outside every range (edge: 80)', () => {
    const r = registry();
    expect(messageToText(renderRange(r.lookupPort(1500)))).toContain('Windows XP');
    expect(messageToText(renderRange(r.lookupPort(80)))).toContain('No system by default');
  });
});
