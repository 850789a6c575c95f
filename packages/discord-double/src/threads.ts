import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelMessages } from './channels.ts';
import { apiErrors } from './errors.ts';
import { buildChannel } from './payloads.ts';
import { hasPermissions } from './permissions.ts';
import { MessageFlag } from './rules.ts';
import type { FieldError, JsonObject } from './types.ts';

/** Auto-archive durations Discord accepts, in minutes. */
export const AUTO_ARCHIVE_DURATIONS: readonly number[] = [60, 1_440, 4_320, 10_080];

const THREAD_PARENTS: readonly number[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validateThreadBody(body: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const name = body.name;
  const length = typeof name === 'string' ? Array.from(name).length : 0;
  if (typeof name !== 'string') {
    errors.push({ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  } else if (length < 1 || length > 100) {
    errors.push({
      path: ['name'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    });
  }
  const duration = body.auto_archive_duration;
  if (duration !== undefined && duration !== null && !AUTO_ARCHIVE_DURATIONS.includes(duration as number)) {
    errors.push({
      path: ['auto_archive_duration'],
      code: 'BASE_TYPE_CHOICES',
      message: `Value must be one of {${AUTO_ARCHIVE_DURATIONS.join(', ')}}.`,
    });
  }
  return errors;
}

/**
 * `POST /channels/{id}/messages/{id}/threads`: starts a thread from a message. Only in text and
 * announcement channels (50024); needs CREATE_PUBLIC_THREADS (50013); the thread takes the message's id,
 * so a second start fails with 160004. Answers the thread channel (201).
 * @param channels - channel routes (access and message lookup)
 * @param channelId - parent channel snowflake
 * @param messageId - message snowflake
 * @param raw - `{ name, auto_archive_duration? }`
 */
export function startThreadFromMessage(
  channels: ChannelMessages,
  channelId: string,
  messageId: string,
  raw: unknown,
): JsonObject {
  const { world, messages, bot } = channels.context;
  const body = isObject(raw) ? raw : {};
  const access = channels.access(channelId);
  if (!access.place || !THREAD_PARENTS.includes(access.place.channel.type))
    throw apiErrors.wrongChannelType();
  const message = channels.find(channelId, messageId);
  const errors = validateThreadBody(body);
  if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
  if (!hasPermissions(access.permissions, PermissionFlagsBits.CreatePublicThreads)) {
    throw apiErrors.missingPermissions();
  }
  if (world.find(messageId)) throw apiErrors.threadAlreadyCreated();
  const thread = world.createThread(channelId, {
    id: message.id,
    name: String(body.name),
    autoArchiveDuration: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 1_440,
    ownerId: bot.id,
  });
  const channel = buildChannel(access.place.guild, thread);
  messages.put(
    { ...message, flags: message.flags | MessageFlag.hasThread, thread: channel },
    undefined,
    false,
  );
  return channel;
}
