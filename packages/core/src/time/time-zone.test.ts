import { describe, expect, it } from 'vitest';
import { parseTimeZone, suggestTimeZones } from './time-zone.ts';

describe('parseTimeZone', () => {
  it('accepts IANA names in any case, with spaces for underscores, and returns the proper spelling', () => {
    expect(parseTimeZone('Europe/Berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('  america/new york ')).toEqual({ ok: true, value: 'America/New_York' });
    expect(parseTimeZone('asia/kolkata')).toEqual({ ok: true, value: 'Asia/Kolkata' });
    expect(parseTimeZone('utc')).toEqual({ ok: true, value: 'UTC' });
    expect(parseTimeZone('US/Eastern')).toEqual({ ok: true, value: 'US/Eastern' });
  });

  it('names an unknown zone and suggests close matches for a typo', () => {
    const result = parseTimeZone('Europe/Berln');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'unknown-time-zone', suggestions: ['Europe/Berlin'] });
    expect(result.error.message).toContain('"Europe/Berln"');
    expect(result.error.message).toContain('Did you mean Europe/Berlin?');
  });

  it('suggests a zone for a city alone or misspelt', () => {
    expect(suggestTimeZones('new york')).toEqual(['America/New_York']);
    expect(suggestTimeZones('Kolkatta')).toContain('Asia/Kolkata');
    expect(suggestTimeZones('Lord Howe')).toEqual(['Australia/Lord_Howe']);
    expect(suggestTimeZones('Pacific/Chatam')).toEqual(['Pacific/Chatham']);
  });

  it('explains what is accepted when nothing is close or nothing was typed', () => {
    const unknown = parseTimeZone('Mars/Olympus');
    expect(unknown.ok || unknown.error.suggestions).toEqual([]);
    expect(unknown.ok || unknown.error.message).toMatch(/not a time zone I know\. Use an IANA name/);
    const empty = parseTimeZone('   ');
    expect(empty.ok || empty.error.code).toBe('empty-time-zone');
  });
});
