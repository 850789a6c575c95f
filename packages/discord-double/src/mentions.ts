import type { DoubleGuild, DoubleUser, FieldError, JsonObject } from './types.ts';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const PARSE_TYPES = ['roles', 'users', 'everyone'];
const MAX_IDS = 100;

/**
 * Checks `allowed_mentions`: parse types, at most 100 ids each, and `parse: ["users"]` (or roles)
 * not given together with an explicit id list.
 * @param allowed - the `allowed_mentions` of a message body
 */
export function validateAllowedMentions(allowed: unknown): FieldError[] {
  if (allowed === undefined || allowed === null) return [];
  const path = ['allowed_mentions'];
  if (!isObject(allowed)) {
    return [{ path, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' }];
  }
  const errors: FieldError[] = [];
  const parse = Array.isArray(allowed.parse) ? (allowed.parse as unknown[]) : [];
  parse.forEach((type, index) => {
    if (typeof type !== 'string' || !PARSE_TYPES.includes(type)) {
      errors.push({
        path: [...path, 'parse', index],
        code: 'BASE_TYPE_CHOICES',
        message: 'Value must be one of ("roles", "users", "everyone").',
      });
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    const ids = allowed[kind];
    if (!Array.isArray(ids)) continue;
    if (ids.length > MAX_IDS) {
      errors.push({
        path: [...path, kind],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${MAX_IDS} or fewer in length.`,
      });
    }
    if (ids.length > 0 && parse.includes(kind)) {
      errors.push({
        path,
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
  }
  return errors;
}

/** The mention fields of a stored message. */
export interface ResolvedMentions {
  /** Users pinged. */
  mentions: JsonObject[];
  /** Role ids pinged. */
  mention_roles: string[];
  /** Whether @everyone / @here pinged. */
  mention_everyone: boolean;
}

/**
 * Who a message pings: mentions in the content, narrowed by `allowed_mentions` (everything parsed when
 * it is absent); @everyone only with MENTION_EVERYONE.
 * @param content - message content
 * @param allowed - the body's `allowed_mentions`, if any
 * @param guild - the guild (for role ids), if any
 * @param lookupUser - known users by id
 * @param canMentionEveryone - the author has MENTION_EVERYONE in the channel
 */
export function resolveMentions(
  content: string,
  allowed: unknown,
  guild: DoubleGuild | undefined,
  lookupUser: (id: string) => DoubleUser | undefined,
  canMentionEveryone: boolean,
): ResolvedMentions {
  const rules = isObject(allowed) ? allowed : undefined;
  const parse = rules && Array.isArray(rules.parse) ? (rules.parse as unknown[]) : undefined;
  const allows = (kind: 'users' | 'roles', id: string): boolean => {
    if (!rules) return true;
    if (parse?.includes(kind) === true) return true;
    const ids = rules[kind];
    return Array.isArray(ids) && ids.includes(id);
  };
  const userIds = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1] ?? '');
  const roleIds = [...content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1] ?? '');
  const mentions = [...new Set(userIds)]
    .filter((id) => allows('users', id))
    .flatMap((id) => {
      const user = lookupUser(id);
      return user ? [{ ...user }] : [];
    });
  const mention_roles = [...new Set(roleIds)].filter(
    (id) => allows('roles', id) && (guild?.roles.some((role) => role.id === id) ?? false),
  );
  const everyoneAllowed = !rules || parse?.includes('everyone') === true;
  const mention_everyone = canMentionEveryone && everyoneAllowed && /@(everyone|here)\b/.test(content);
  return { mentions, mention_roles, mention_everyone };
}
