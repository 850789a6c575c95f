import { ephemeral, type BotMessage } from './message.ts';

/** The new token, once and privately, with how to use it. */
export function renderDashboardToken(token: string, guildId: string): BotMessage {
  return ephemeral(
    [
      'Your dashboard read token (shown only this once; it replaces any earlier token of this server):',
      `\`${token}\``,
      `Send it to the statistics API as \`Authorization: Bearer <token>\` and ask for \`guild(id: "${guildId}")\`.`,
      'Revoke it any time with `/dashboard revoke`.',
    ].join('\n'),
  );
}

/** What a revoke did. */
export function renderDashboardRevoked(count: number): BotMessage {
  return ephemeral(
    count === 0
      ? 'This server has no active dashboard token: nothing to revoke.'
      : 'Revoked: the dashboard token no longer works.',
  );
}
