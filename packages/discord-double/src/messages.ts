import type { EventEmitter } from 'node:events';
import type { InteractionHandle } from './handle.ts';
import { MessageFlag } from './rules.ts';
import type { DoubleEventMap } from './state.ts';
import type { DoubleMessage } from './types.ts';

/** A message as a test inspects it: the current version and how often it changed. */
export interface MessageRecord {
  /** The message as it is now. */
  message: DoubleMessage;
  /** Edits so far (content, embeds, components, flags; pins do not count). */
  edits: number;
  /** Every version, oldest first (the first is the message as created). */
  versions: DoubleMessage[];
}

/**
 * Every message the double holds (interaction replies, follow-ups, channel messages), by id and by
 * channel, with each version kept so tests can count edits.
 */
export class MessageStore {
  readonly #events: EventEmitter<DoubleEventMap>;
  readonly #records = new Map<string, MessageRecord>();
  readonly #channelIndex = new Map<string, string[]>();
  readonly #owners = new Map<string, InteractionHandle>();

  /** @param events - where `message` and `messageDelete` are emitted */
  constructor(events: EventEmitter<DoubleEventMap>) {
    this.#events = events;
  }

  /**
   * A message by id.
   * @param id - message snowflake
   */
  get(id: string): DoubleMessage | undefined {
    return this.#records.get(id)?.message;
  }

  /**
   * A message with its edit count and versions.
   * @param id - message snowflake
   */
  record(id: string): MessageRecord | undefined {
    return this.#records.get(id);
  }

  /**
   * The interaction a message belongs to (its reply or a follow-up), if any.
   * @param id - message snowflake
   */
  owner(id: string): InteractionHandle | undefined {
    return this.#owners.get(id);
  }

  /**
   * Stores a new message or a new version of one, and wakes waiters.
   * @param message - the message
   * @param handle - the interaction it belongs to, if any
   * @param isEdit - false for changes that are not edits (pinning); default true for a stored id
   */
  put(message: DoubleMessage, handle: InteractionHandle | undefined, isEdit = true): DoubleMessage {
    const previous = this.#records.get(message.id);
    if (!previous) {
      this.#records.set(message.id, { message, edits: 0, versions: [message] });
      const list = this.#channelIndex.get(message.channel_id) ?? [];
      list.push(message.id);
      this.#channelIndex.set(message.channel_id, list);
    } else if (previous.message !== message) {
      previous.message = message;
      if (isEdit) {
        previous.edits += 1;
        previous.versions.push(message);
      }
    }
    if (handle) this.#owners.set(message.id, handle);
    const owner = this.#owners.get(message.id);
    owner?.notify();
    this.#events.emit('message', message, handle ?? owner);
    return message;
  }

  /**
   * Removes a message (it stays out of channel listings; its record is dropped).
   * @param id - message snowflake
   */
  delete(id: string): void {
    const record = this.#records.get(id);
    if (!record) return;
    this.#records.delete(id);
    const list = this.#channelIndex.get(record.message.channel_id);
    if (list) list.splice(list.indexOf(id), 1);
    this.#owners.get(id)?.notify();
    this.#events.emit('messageDelete', record.message);
  }

  /**
   * Messages in a channel, oldest first, without ephemeral ones (only their user sees those).
   * @param channelId - channel snowflake
   */
  inChannel(channelId: string): DoubleMessage[] {
    return (this.#channelIndex.get(channelId) ?? []).flatMap((id) => {
      const message = this.#records.get(id)?.message;
      return message && (message.flags & MessageFlag.ephemeral) === 0 ? [message] : [];
    });
  }
}
