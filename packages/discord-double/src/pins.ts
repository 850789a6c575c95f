import { GatewayDispatchEvents, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelMessages } from './channels.ts';
import { apiErrors } from './errors.ts';
import { hasPermissions } from './permissions.ts';
import type { DoubleMessage, JsonObject } from './types.ts';

/** Pins of every channel: message ids with the time they were pinned, newest last. */
export class Pins {
  readonly #channels: ChannelMessages;
  readonly #pins = new Map<string, { messageId: string; pinnedAt: string }[]>();

  /** @param channels - channel routes (access and message lookup) */
  constructor(channels: ChannelMessages) {
    this.#channels = channels;
  }

  /**
   * Pinned messages of a channel, most recently pinned first (deleted messages drop out).
   * @param channelId - channel snowflake
   */
  list(channelId: string): { message: DoubleMessage; pinnedAt: string }[] {
    const { messages } = this.#channels.context;
    return (this.#pins.get(channelId) ?? [])
      .flatMap(({ messageId, pinnedAt }) => {
        const message = messages.get(messageId);
        return message ? [{ message, pinnedAt }] : [];
      })
      .reverse();
  }

  #announce(channelId: string): void {
    const { world } = this.#channels.context;
    const place = world.find(channelId);
    const last = this.list(channelId)[0];
    world.dispatch(
      GatewayDispatchEvents.ChannelPinsUpdate,
      {
        channel_id: channelId,
        last_pin_timestamp: last?.pinnedAt ?? null,
        ...(place ? { guild_id: place.guild.id } : {}),
      },
      place?.guild.id,
    );
  }

  #setPinned(message: DoubleMessage, pinned: boolean): void {
    this.#channels.context.messages.put({ ...message, pinned }, undefined, false);
  }

  /**
   * `PUT /channels/{id}/messages/pins/{id}` (and the older `/pins/{id}`): needs PIN_MESSAGES (50013);
   * idempotent; at most `maxPins` per channel (30003).
   * @param channelId - channel snowflake
   * @param messageId - message snowflake
   */
  pin(channelId: string, messageId: string): void {
    const access = this.#channels.access(channelId);
    const message = this.#channels.find(channelId, messageId);
    if (!hasPermissions(access.permissions, PermissionFlagsBits.PinMessages))
      throw apiErrors.missingPermissions();
    if (access.place?.channel.thread?.archived === true) throw apiErrors.archivedThread();
    const list = this.#pins.get(channelId) ?? [];
    if (list.some((pin) => pin.messageId === messageId)) return;
    const { maxPins } = this.#channels.context.rules;
    if (this.list(channelId).length >= maxPins) throw apiErrors.maximumPins(maxPins);
    const pinnedAt = new Date(this.#channels.context.now()).toISOString();
    this.#pins.set(channelId, [
      ...list.filter((pin) => this.#channels.context.messages.get(pin.messageId)),
      { messageId, pinnedAt },
    ]);
    this.#setPinned(message, true);
    this.#announce(channelId);
  }

  /**
   * `DELETE /channels/{id}/messages/pins/{id}`: needs PIN_MESSAGES; unpinning a message that is not
   * pinned succeeds.
   * @param channelId - channel snowflake
   * @param messageId - message snowflake
   */
  unpin(channelId: string, messageId: string): void {
    const access = this.#channels.access(channelId);
    const message = this.#channels.find(channelId, messageId);
    if (!hasPermissions(access.permissions, PermissionFlagsBits.PinMessages))
      throw apiErrors.missingPermissions();
    const list = this.#pins.get(channelId) ?? [];
    if (!list.some((pin) => pin.messageId === messageId)) return;
    this.#pins.set(
      channelId,
      list.filter((pin) => pin.messageId !== messageId),
    );
    this.#setPinned(message, false);
    this.#announce(channelId);
  }

  /**
   * `GET /channels/{id}/messages/pins`: `{ items: [{ pinned_at, message }], has_more }`, `limit` 1-50
   * (default 50), `before` an ISO time; empty without READ_MESSAGE_HISTORY.
   * @param channelId - channel snowflake
   * @param query - query string
   */
  page(channelId: string, query: URLSearchParams): JsonObject {
    const access = this.#channels.access(channelId);
    const limitText = query.get('limit');
    const limit = limitText === null ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw apiErrors.invalidFormBody([
        { path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 50.' },
      ]);
    }
    if (!hasPermissions(access.permissions, PermissionFlagsBits.ReadMessageHistory)) {
      return { items: [], has_more: false };
    }
    const before = query.get('before');
    const all = this.list(channelId).filter((pin) => before === null || pin.pinnedAt < before);
    return {
      items: all.slice(0, limit).map((pin) => ({ pinned_at: pin.pinnedAt, message: pin.message })),
      has_more: all.length > limit,
    };
  }

  /**
   * `GET /channels/{id}/pins` (deprecated, still what `fetchPinned()` calls): pinned messages.
   * @param channelId - channel snowflake
   */
  legacyList(channelId: string): DoubleMessage[] {
    const access = this.#channels.access(channelId);
    if (!hasPermissions(access.permissions, PermissionFlagsBits.ReadMessageHistory)) return [];
    return this.list(channelId).map((pin) => pin.message);
  }
}
