import { apiErrors } from './errors.ts';
import { buildChannel } from './payloads.ts';
import { noContent, ok, param, type Route, type RouteInput } from './routes.ts';
import type { DoubleState } from './state.ts';
import { startThreadFromMessage } from './threads.ts';

/**
 * Channel routes: the channel itself, messages, threads from messages and pins (both the current
 * `/messages/pins` routes discord.js 14 calls and the older `/pins` ones).
 * @param state - the double's state
 */
export function channelRoutes(state: DoubleState): Route[] {
  const routes: Route[] = [];
  const add = (
    method: string,
    path: string,
    handle: Route['handle'],
    rateLimit?: Route['rateLimit'],
  ): void => {
    routes.push({
      method,
      segments: path.split('/'),
      isAuthed: true,
      handle,
      ...(rateLimit ? { rateLimit } : {}),
    });
  };
  const channel = (input: RouteInput): string => param(input, 'channel');
  const message = (input: RouteInput): string => param(input, 'message');
  add('GET', 'channels/:channel', (input) => {
    const access = state.channels.access(channel(input));
    if (!access.place) {
      const dm = state.channel(channel(input));
      if (!dm) throw apiErrors.unknownChannel();
      return ok({ id: dm.id, type: dm.type, last_message_id: null, recipients: [] });
    }
    return ok(buildChannel(access.place.guild, access.place.channel));
  });
  add(
    'POST',
    'channels/:channel/messages',
    (input) => ok(state.channels.create(channel(input), input.body, input.files)),
    { name: 'messageCreate', major: 'channel' },
  );
  add('GET', 'channels/:channel/messages', (input) => ok(state.channels.list(channel(input), input.query)));
  add('GET', 'channels/:channel/messages/pins', (input) => ok(state.pins.page(channel(input), input.query)));
  add('GET', 'channels/:channel/messages/:message', (input) =>
    ok(state.channels.get(channel(input), message(input))),
  );
  add(
    'PATCH',
    'channels/:channel/messages/:message',
    (input) => ok(state.channels.edit(channel(input), message(input), input.body, input.files)),
    { name: 'messageEdit', major: 'channel' },
  );
  add('DELETE', 'channels/:channel/messages/:message', (input) => {
    state.channels.delete(channel(input), message(input));
    return noContent;
  });
  add('POST', 'channels/:channel/messages/:message/threads', (input) => ({
    status: 201,
    body: startThreadFromMessage(state.channels, channel(input), message(input), input.body),
  }));
  for (const base of ['channels/:channel/messages/pins', 'channels/:channel/pins']) {
    add('PUT', `${base}/:message`, (input) => {
      state.pins.pin(channel(input), message(input));
      return noContent;
    });
    add('DELETE', `${base}/:message`, (input) => {
      state.pins.unpin(channel(input), message(input));
      return noContent;
    });
  }
  add('GET', 'channels/:channel/pins', (input) => ok(state.pins.legacyList(channel(input))));
  return routes;
}
