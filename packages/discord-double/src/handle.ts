import { performance } from 'node:perf_hooks';
import { MessageFlag } from './rules.ts';
import type {
  DoubleMessage,
  InteractionKindValue,
  InteractionResponse,
  JsonObject,
  Violation,
} from './types.ts';

/** Options for the waiting methods of {@link InteractionHandle}. */
export interface WaitOptions {
  /** Real-time guard so a silent bot fails a test instead of hanging it (default 10 000 ms). */
  timeoutMs?: number;
}

/** Thrown (as a rejection) when an interaction can no longer get the awaited answer. */
export class InteractionFailedError extends Error {
  /** The violation that killed the interaction, if any. */
  readonly violation: Violation | undefined;

  /**
   * @param message - what went wrong
   * @param violation - the violation behind it, if any
   */
  constructor(message: string, violation?: Violation) {
    super(message);
    this.name = 'InteractionFailedError';
    this.violation = violation;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Reads the current version of a stored message by id. */
export type MessageLookup = (id: string) => DoubleMessage | undefined;

/**
 * One dispatched interaction, as a test sees it: its payload, the bot's first response,
 * the reply message as edited so far, follow-ups, and every rule the bot broke on it.
 */
export class InteractionHandle {
  /** Interaction snowflake. */
  readonly id: string;
  /** Interaction token. */
  readonly token: string;
  /** Interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit). */
  readonly type: InteractionKindValue;
  /** The INTERACTION_CREATE body as dispatched. */
  readonly payload: JsonObject;
  /** Injected-clock time of dispatch (the 3 s and 15 min rules count from here). */
  readonly dispatchedAtClock: number;
  /** `performance.now()` when the payload was handed to the gateway. */
  dispatchedAt: number;
  /** `performance.now()` when the first accepted callback arrived, or undefined. */
  respondedAt: number | undefined;
  /** Rule violations the bot committed on this interaction, in order. */
  readonly errors: Violation[] = [];
  /** The first accepted response, or undefined. */
  firstResponse: InteractionResponse | undefined;
  /** Id of the message `@original` points at, once there is one. */
  originalMessageId: string | undefined;
  /** Ids of follow-up messages, in order. */
  readonly followUpIds: string[] = [];
  /** True once the 3 s window was missed by a callback (the token is dead for callbacks). */
  isExpired = false;

  readonly #lookup: MessageLookup;
  readonly #listeners = new Set<() => void>();

  /**
   * @param init - ids, type, payload and clock time of dispatch
   * @param lookup - reads stored messages
   */
  constructor(
    init: {
      id: string;
      token: string;
      type: InteractionKindValue;
      payload: JsonObject;
      dispatchedAtClock: number;
    },
    lookup: MessageLookup,
  ) {
    this.id = init.id;
    this.token = init.token;
    this.type = init.type;
    this.payload = init.payload;
    this.dispatchedAtClock = init.dispatchedAtClock;
    this.dispatchedAt = performance.now();
    this.respondedAt = undefined;
    this.firstResponse = undefined;
    this.originalMessageId = undefined;
    this.#lookup = lookup;
  }

  /** True once the bot acknowledged the interaction. */
  get isAcknowledged(): boolean {
    return this.firstResponse !== undefined;
  }

  /** Milliseconds (high resolution) from dispatch to the first accepted callback, or undefined. */
  get latencyMs(): number | undefined {
    return this.respondedAt === undefined ? undefined : this.respondedAt - this.dispatchedAt;
  }

  /** The reply (`@original`) message as it is now, or undefined. */
  message(): DoubleMessage | undefined {
    return this.originalMessageId === undefined ? undefined : this.#lookup(this.originalMessageId);
  }

  /** Follow-up messages as they are now (deleted ones left out). */
  followUps(): DoubleMessage[] {
    return this.followUpIds.flatMap((id) => this.#lookup(id) ?? []);
  }

  /**
   * Resolves with the bot's first accepted response; rejects when the interaction died (late callback).
   * @param options - timeout guard
   */
  response(options: WaitOptions = {}): Promise<InteractionResponse> {
    return this.#waitUntil(() => this.firstResponse, options, 'a response');
  }

  /**
   * Resolves with the reply message once the predicate holds (default: it exists and is not "thinking").
   * @param predicate - condition on the message
   * @param options - timeout guard
   */
  waitForMessage(
    predicate: (message: DoubleMessage) => boolean = (message) => (message.flags & MessageFlag.loading) === 0,
    options: WaitOptions = {},
  ): Promise<DoubleMessage> {
    return this.#waitUntil(
      () => {
        const message = this.message();
        return message && predicate(message) ? message : undefined;
      },
      options,
      'the reply message',
    );
  }

  /**
   * Resolves with the first follow-up matching the predicate (default: any).
   * @param predicate - condition on a follow-up
   * @param options - timeout guard
   */
  waitForFollowUp(
    predicate: (message: DoubleMessage) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<DoubleMessage> {
    return this.#waitUntil(() => this.followUps().find(predicate), options, 'a follow-up');
  }

  /** Wakes waiters after a change to this interaction (called by the double). */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #waitUntil<T>(read: () => T | undefined, options: WaitOptions, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      const check = (): void => {
        const value = read();
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.isExpired && !this.isAcknowledged) {
          finish();
          reject(
            new InteractionFailedError(`interaction ${this.id} expired before ${what}`, this.errors.at(-1)),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        const last = this.errors.at(-1);
        reject(new InteractionFailedError(`no ${what} for interaction ${this.id}`, last));
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      timer.unref();
      this.#listeners.add(check);
      check();
    });
  }
}
