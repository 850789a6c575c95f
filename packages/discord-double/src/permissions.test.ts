import { ChannelType, OverwriteType } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  computeBasePermissions,
  computePermissions,
  hasPermissions,
  Permission,
  permissionNames,
  type PermissionInput,
} from './permissions.ts';

const guildId = '1000000000000000001';
const modRole = '1000000000000000002';
const quizRole = '1000000000000000003';
const userId = '1000000000000000004';
const view = Permission.ViewChannel;
const send = Permission.SendMessages;

const input = (overrides: Partial<PermissionInput> = {}): PermissionInput => ({
  guildId,
  ownerId: '1000000000000000999',
  roles: [
    { id: guildId, permissions: String(view | send | Permission.EmbedLinks) },
    { id: modRole, permissions: String(Permission.ManageMessages) },
    { id: quizRole, permissions: '0' },
  ],
  userId,
  memberRoles: [modRole],
  ...overrides,
});

describe('computePermissions', () => {
  it('ORs @everyone and member roles at guild level', () => {
    expect(computeBasePermissions(input())).toBe(
      view | send | Permission.EmbedLinks | Permission.ManageMessages,
    );
  });

  it('applies @everyone, then role overwrites (deny before allow), then the member overwrite', () => {
    const overwrites = [
      { id: guildId, type: OverwriteType.Role, allow: '0', deny: String(send) },
      { id: modRole, type: OverwriteType.Role, allow: String(send), deny: '0' },
      { id: quizRole, type: OverwriteType.Role, allow: '0', deny: String(send) },
    ];
    // Allow wins over deny between roles of the same member.
    expect(
      hasPermissions(computePermissions(input({ overwrites, memberRoles: [modRole, quizRole] })), send),
    ).toBe(true);
    expect(hasPermissions(computePermissions(input({ overwrites, memberRoles: [quizRole] })), send)).toBe(
      false,
    );
    const member = { id: userId, type: OverwriteType.Member, allow: '0', deny: String(send) };
    expect(hasPermissions(computePermissions(input({ overwrites: [...overwrites, member] })), send)).toBe(
      false,
    );
  });

  it('leaves nothing without VIEW_CHANNEL and drops embeds without the right to send', () => {
    const hidden = [{ id: guildId, type: OverwriteType.Role, allow: '0', deny: String(view) }];
    expect(computePermissions(input({ overwrites: hidden }))).toBe(0n);
    const mute = [{ id: guildId, type: OverwriteType.Role, allow: '0', deny: String(send) }];
    expect(permissionNames(computePermissions(input({ overwrites: mute, memberRoles: [] })))).toEqual([
      'ViewChannel',
    ]);
    // In a thread the right to send is SEND_MESSAGES_IN_THREADS.
    const thread = computePermissions(
      input({ overwrites: [], channelType: ChannelType.PublicThread, memberRoles: [] }),
    );
    expect(hasPermissions(thread, Permission.EmbedLinks)).toBe(false);
  });

  it('gives owners and administrators everything, whatever the overwrites (edge)', () => {
    const overwrite = fc.record({
      id: fc.constantFrom(guildId, modRole, userId),
      type: fc.constantFrom(OverwriteType.Role, OverwriteType.Member),
      allow: fc.bigInt({ min: 0n, max: ALL_PERMISSIONS }).map(String),
      deny: fc.bigInt({ min: 0n, max: ALL_PERMISSIONS }).map(String),
    });
    fc.assert(
      fc.property(fc.array(overwrite, { maxLength: 6 }), (overwrites) => {
        const admin = input({
          overwrites,
          roles: [
            { id: guildId, permissions: '0' },
            { id: modRole, permissions: String(Permission.Administrator) },
          ],
        });
        expect(computePermissions(admin)).toBe(ALL_PERMISSIONS);
        expect(computePermissions(input({ overwrites, ownerId: userId }))).toBe(ALL_PERMISSIONS);
      }),
    );
  });
});
