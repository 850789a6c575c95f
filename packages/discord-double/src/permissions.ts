import { ChannelType, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';

/** Discord's permission bits (from discord-api-types), re-exported for tests. */
export const Permission = PermissionFlagsBits;

/** Every permission bit Discord defines. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** A role as far as permissions go. */
export interface PermissionRole {
  /** Role snowflake (the @everyone role has the guild's id). */
  id: string;
  /** Guild-level permissions as a decimal string. */
  permissions: string;
}

/** A channel permission overwrite, as Discord stores it. */
export interface PermissionOverwrite {
  /** Role or user snowflake. */
  id: string;
  /** 0 role, 1 member. */
  type: OverwriteType;
  /** Bits allowed, decimal string. */
  allow: string;
  /** Bits denied, decimal string. */
  deny: string;
}

/** What {@link computePermissions} needs to know. */
export interface PermissionInput {
  /** Guild snowflake (the @everyone role id). */
  guildId: string;
  /** Guild owner (has every permission). */
  ownerId: string;
  /** Every role of the guild. */
  roles: readonly PermissionRole[];
  /** The member's user id. */
  userId: string;
  /** The member's role ids (without @everyone). */
  memberRoles: readonly string[];
  /** The channel's overwrites (a thread passes its parent's), or undefined for guild-level permissions. */
  overwrites?: readonly PermissionOverwrite[] | undefined;
  /** Channel type, for the implicit rules of threads (default text). */
  channelType?: number | undefined;
}

const THREAD_TYPES: readonly number[] = [
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
];

const isThread = (type: number | undefined): boolean => type !== undefined && THREAD_TYPES.includes(type);

/**
 * A member's guild-level permissions: @everyone, then each of their roles OR-ed in; owner and
 * ADMINISTRATOR get everything.
 * @param input - guild, roles and member
 */
export function computeBasePermissions(input: PermissionInput): bigint {
  if (input.userId === input.ownerId) return ALL_PERMISSIONS;
  const byId = new Map(input.roles.map((role) => [role.id, BigInt(role.permissions)]));
  let permissions = byId.get(input.guildId) ?? 0n;
  for (const roleId of input.memberRoles) permissions |= byId.get(roleId) ?? 0n;
  return (permissions & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/**
 * A member's permissions in a channel, as Discord's "Permission Overwrites" algorithm: base permissions,
 * then the @everyone overwrite, then all role overwrites together (deny, then allow), then the member's
 * overwrite. Implicit rules follow: without VIEW_CHANNEL nothing is left; without the right to send
 * (SEND_MESSAGES, or SEND_MESSAGES_IN_THREADS in a thread) embeds, files, TTS and @everyone go too.
 * @param input - guild, roles, member and channel overwrites
 */
export function computePermissions(input: PermissionInput): bigint {
  const base = computeBasePermissions(input);
  // Owners and administrators bypass overwrites.
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  if (input.overwrites === undefined) return base;
  let permissions = base;
  const everyone = input.overwrites.find((o) => o.type === OverwriteType.Role && o.id === input.guildId);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of input.overwrites) {
    if (overwrite.type !== OverwriteType.Role || !input.memberRoles.includes(overwrite.id)) continue;
    allow |= BigInt(overwrite.allow);
    deny |= BigInt(overwrite.deny);
  }
  permissions = (permissions & ~deny) | allow;
  const member = input.overwrites.find((o) => o.type === OverwriteType.Member && o.id === input.userId);
  if (member) permissions = (permissions & ~BigInt(member.deny)) | BigInt(member.allow);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  const send = isThread(input.channelType)
    ? PermissionFlagsBits.SendMessagesInThreads
    : PermissionFlagsBits.SendMessages;
  if ((permissions & send) === 0n) {
    permissions &= ~(
      PermissionFlagsBits.MentionEveryone |
      PermissionFlagsBits.SendTTSMessages |
      PermissionFlagsBits.AttachFiles |
      PermissionFlagsBits.EmbedLinks
    );
  }
  return permissions;
}

/**
 * Whether every bit of `required` is set.
 * @param permissions - permissions held
 * @param required - bits needed
 */
export function hasPermissions(permissions: bigint, required: bigint): boolean {
  return (permissions & required) === required;
}

/**
 * Names of the permission bits set in a value (for error messages and reports).
 * @param permissions - a permission value
 */
export function permissionNames(permissions: bigint): string[] {
  return Object.entries(PermissionFlagsBits)
    .filter(([, bit]) => (permissions & bit) !== 0n)
    .map(([name]) => name);
}

/**
 * A permission value from names or bits, as a decimal string.
 * @param parts - permission bits to OR together
 */
export function permissionString(...parts: bigint[]): string {
  return parts.reduce((all, bit) => all | bit, 0n).toString();
}
