import { describe, expect, it } from 'vitest';
import { api, execute } from './helpers.ts';

const yoga = api();

interface Verdict {
  checkAnswer: { verdict: string; expected: string; note: string | null; card: { id: string } };
}

const QUERY = `query ($card: ID!, $answer: String!) {
  checkAnswer(card: $card, answer: $answer) { verdict expected note card { id } } }`;

const grade = (card: string, answer: string) => execute<Verdict>(yoga, QUERY, { card, answer });

describe('checkAnswer(card:, answer:)', () => {
  it('grades as core does: correct, with a note for a forgiven slip', async () => {
    const { body } = await grade('port-to-service:3389', 'Remote Desktp');
    expect(body.errors).toBeUndefined();
    expect(body.data?.checkAnswer).toEqual({
      verdict: 'CORRECT',
      expected: 'RDP: Remote Desktop Protocol',
      note: 'close: check the spelling',
      card: { id: 'port-to-service:3389' },
    });
  });

  it('refuses another real service: IMAPS for 143 (failure)', async () => {
    const { body } = await grade('port-to-service:143', 'IMAPS');
    expect(body.data?.checkAnswer).toMatchObject({
      verdict: 'INCORRECT',
      note: 'IMAPS is another service (port 993)',
    });
  });

  it('gives partial credit and accepts ranges (edge)', async () => {
    expect((await grade('service-to-port:snmp', '161')).body.data?.checkAnswer.verdict).toBe('PARTIAL');
    expect((await grade('service-to-port:netbios', '137-139')).body.data?.checkAnswer.verdict).toBe(
      'CORRECT',
    );
    expect((await grade('service-to-port:snmp:seed', '161')).body.data?.checkAnswer.verdict).toBe('CORRECT');
  });

  it('answers UNKNOWN_CARD for an id no card has, EMPTY_ID for a blank one', async () => {
    const unknown = await grade('port-to-service:1', 'x');
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_CARD',
    });
    const blank = await grade('  ', 'x');
    expect(blank.body.errors?.[0]?.extensions).toMatchObject({ reason: 'EMPTY_ID' });
  });
});
