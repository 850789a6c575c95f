import { DiscordAPIError, Routes, type Client } from 'discord.js';
import type { MessageBody } from './render/message.ts';

/** A channel message to post: the body, and a nonce that makes a retried post return the first message. */
export interface ChannelPost extends MessageBody {
  /** ≤ 25 characters; sent with `enforce_nonce`, so a retry within a few minutes does not post twice. */
  readonly nonce?: string;
  /** Who may be pinged (default: nobody; a daily quiz opts in to its role). */
  readonly allowedMentions?: { readonly roles?: readonly string[] };
}

/** Why Discord refused a channel action, in the terms the bot explains to admins. */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    /** Discord's JSON error code (50001 missing access, 50013 missing permissions, 10003 unknown channel...). */
    readonly code: number | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Posting and editing channel messages, apart from interaction replies. The bot implements it with Discord's
 * REST (through discord.js's rate-limited client); the console prints instead. Every method throws
 * {@link ChannelError} when Discord refuses.
 */
export interface ChannelMessenger {
  post(channelId: string, message: ChannelPost): Promise<{ readonly id: string }>;
  edit(channelId: string, messageId: string, message: MessageBody): Promise<void>;
  /** Starts a public thread from the message (its id is the message's); an existing thread counts as started. */
  startThread(channelId: string, messageId: string, name: string): Promise<{ readonly id: string }>;
  pin(channelId: string, messageId: string): Promise<void>;
  unpin(channelId: string, messageId: string): Promise<void>;
  /** The bot's permissions in a channel as far as it knows them (undefined: unknown, e.g. not cached). */
  botPermissionsIn?(channelId: string): Promise<bigint | undefined>;
}

/** For contexts with no Discord connection (benchmarks, tests of other commands): every action is refused. */
export const noChannels: ChannelMessenger = {
  post: () => Promise.reject(new ChannelError(undefined, 'no Discord connection in this context')),
  edit: () => Promise.reject(new ChannelError(undefined, 'no Discord connection in this context')),
  startThread: () => Promise.reject(new ChannelError(undefined, 'no Discord connection in this context')),
  pin: () => Promise.reject(new ChannelError(undefined, 'no Discord connection in this context')),
  unpin: () => Promise.reject(new ChannelError(undefined, 'no Discord connection in this context')),
};

/** Discord's code when a message already has a thread. */
const threadAlreadyCreated = 160004;

async function discord<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      const code = typeof error.code === 'number' ? error.code : undefined;
      throw new ChannelError(code, `${error.message} (${String(error.code)})`, { cause: error });
    }
    throw error;
  }
}

/** The messenger over discord.js's REST client (its queue obeys Discord's rate limits). */
export function createDiscordMessenger(client: Client): ChannelMessenger {
  const { rest } = client;
  return {
    post: (channelId, { nonce, allowedMentions, ...body }) =>
      discord(async () => {
        const created = (await rest.post(Routes.channelMessages(channelId), {
          body: {
            ...body,
            ...(nonce === undefined ? {} : { nonce, enforce_nonce: true }),
            allowed_mentions: { parse: [], roles: allowedMentions?.roles ?? [] },
          },
        })) as { id: string };
        return { id: created.id };
      }),
    edit: (channelId, messageId, body) =>
      discord(async () => {
        await rest.patch(Routes.channelMessage(channelId, messageId), { body });
      }),
    startThread: (channelId, messageId, name) =>
      discord(async () => {
        try {
          const thread = (await rest.post(Routes.threads(channelId, messageId), {
            body: { name: name.slice(0, 100), auto_archive_duration: 1440 },
          })) as { id: string };
          return { id: thread.id };
        } catch (error) {
          // A retry after a crash: the thread exists, and a message's thread has the message's id.
          if (error instanceof DiscordAPIError && error.code === threadAlreadyCreated)
            return { id: messageId };
          throw error;
        }
      }),
    pin: (channelId, messageId) =>
      discord(async () => {
        await rest.put(Routes.channelMessagesPin(channelId, messageId));
      }),
    unpin: (channelId, messageId) =>
      discord(async () => {
        await rest.delete(Routes.channelMessagesPin(channelId, messageId));
      }),
    botPermissionsIn: (channelId) => {
      // The guild, its roles, channels and the bot's member arrive with GUILD_CREATE (Guilds intent).
      const channel = client.channels.cache.get(channelId);
      if (channel === undefined || !('permissionsFor' in channel) || client.user === null)
        return Promise.resolve(undefined);
      return Promise.resolve(channel.permissionsFor(client.user)?.bitfield);
    },
  };
}
