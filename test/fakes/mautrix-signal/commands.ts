import { roomPower, type AppserviceClient } from "./as-client.ts";
import { NAME_LIMIT, newGroupId, plumb, unplumb, type BridgeState, type Login } from "./bridge-state.ts";

export type CommandContext = { as: AppserviceClient; state: BridgeState; puppetPrefix: string; appserviceId: string };
type Command = { roomId: string; eventId: string; sender: string; args: string[] };

const SET_RELAY = "fi.mau.bridge.set_relay";

/**
 * bridgev2's command handlers (bridgev2/commands/*.go), reduced to what the dashboard uses, with
 * the same checks in the same order and the same replies.
 */
export async function handleCommand(ctx: CommandContext, roomId: string, eventId: string, sender: string, text: string): Promise<void> {
  const [name = "unknown-command", ...args] = text.trim().split(/\s+/);
  const cmd: Command = { roomId, eventId, sender, args };
  const reply = (body: string) => ctx.as.notice(roomId, body);
  const handler = HANDLERS[name.toLowerCase()];
  if (!handler) return void (await reply("Unknown command, use the `help` command for help."));
  const power = roomPower(await ctx.as.roomState(roomId));
  const portal = ctx.state.portals.get(roomId);
  if (handler.eventLevel && power.userLevel(sender) < power.stateLevel(handler.eventLevel)) return void (await reply("That command requires room admin rights."));
  if (handler.portal && !portal) return void (await reply("That command can only be ran in portal rooms."));
  if (handler.login && !ctx.state.defaultLogin(sender)) return void (await reply("That command requires you to be logged in."));
  await handler.run(ctx, cmd, reply, power);
}

type Handler = {
  eventLevel?: string;
  portal?: boolean;
  login?: boolean;
  run: (ctx: CommandContext, cmd: Command, reply: (body: string) => Promise<unknown>, power: ReturnType<typeof roomPower>) => Promise<unknown>;
};

const createGroup: Handler = {
  eventLevel: "m.bridge",
  login: true,
  async run(ctx, cmd, reply, power) {
    if (ctx.state.portals.has(cmd.roomId)) return reply("This room is already bridged");
    const state = await ctx.as.roomState(cmd.roomId);
    const name = state.find((e) => e.type === "m.room.name")?.content?.name ?? "";
    if (!name) return reply("Failed to create group: Name is required");
    if (Buffer.byteLength(name) > NAME_LIMIT) return reply(`Failed to create group: Name must be at most ${NAME_LIMIT} characters`);
    if (power.userLevel(ctx.as.botUserId) < power.stateLevel("m.bridge")) return reply("Failed to create group: failed to send m.bridge (M_FORBIDDEN)");
    const login = ctx.state.defaultLogin(cmd.sender)!;
    const group = { id: newGroupId(), name, members: [{ id: login.id, name: login.name }] };
    ctx.state.groups.set(group.id, group);
    await plumb(ctx.as, ctx.state, ctx.puppetPrefix, cmd.roomId, group, ctx.appserviceId);
    return reply(`Successfully created group \`${group.id}\``);
  },
};

const HANDLERS: Record<string, Handler> = {
  create: createGroup,
  "create-group": createGroup,
  bridge: {
    eventLevel: "m.bridge",
    async run(ctx, cmd, reply, power) {
      if (cmd.args.length === 0 || cmd.args.length > 2) return reply("Usage: `!signal bridge [login ID] <chat ID>`");
      if (ctx.state.portals.has(cmd.roomId)) return reply("This room is already bridged");
      if (power.userLevel(ctx.as.botUserId) < power.stateLevel("m.bridge")) {
        return reply("I don't have sufficient permissions for `m.bridge` events. Adjust power levels or use the `--ignore-permissions` flag to ignore.");
      }
      const loginId = cmd.args.length === 2 ? cmd.args[0]! : null;
      const found = loginId ? ctx.state.loginById(loginId) : undefined;
      if (loginId && (!found || found.owner !== cmd.sender)) return reply(`Login \`${loginId}\` does not belong to you`);
      if (!loginId && !ctx.state.defaultLogin(cmd.sender)) return reply("You're not logged in");
      const group = ctx.state.groups.get(cmd.args.at(-1)!);
      if (!group) return reply("Failed to get chat info: group not found");
      const elsewhere = ctx.state.portalOfGroup(group.id);
      if (elsewhere) return reply(`That chat is already bridged to [${group.name}](https://matrix.to/#/${elsewhere.roomId}). Use \`--overwrite\` to delete the existing room.`);
      await plumb(ctx.as, ctx.state, ctx.puppetPrefix, cmd.roomId, group, ctx.appserviceId);
      return reply(`Successfully plumbed this room to \`${group.id}\` on Signal`);
    },
  },
  unbridge: {
    portal: true,
    async run(ctx, cmd, reply, power) {
      if (power.userLevel(cmd.sender) < power.stateLevel("m.bridge")) return reply("You don't have permission to unbridge this portal");
      return unplumb(ctx.as, ctx.state, ctx.puppetPrefix, cmd.roomId);
    },
  },
  "set-relay": {
    portal: true,
    async run(ctx, cmd, reply, power) {
      const relay = ctx.state.relay;
      if (!relay.enabled) return reply("This bridge does not allow relay mode");
      if (power.userLevel(cmd.sender) < power.stateLevel(SET_RELAY)) return reply("You don't have permission to manage the relay in this room");
      // relay.admin_only: someone who is not a bridge admin may only pick a default relay.
      const onlyDefaultRelays = relay.adminOnly && ctx.state.permissionOf(cmd.sender) !== "admin";
      let login: Login | undefined;
      if (cmd.args[0]) {
        const found = ctx.state.loginById(cmd.args[0]);
        if (!found) return reply(`User login with ID \`${cmd.args[0]}\` not found`);
        const isDefault = relay.defaultRelays.includes(found.login.id);
        if (!isDefault && (onlyDefaultRelays || found.owner !== cmd.sender)) return reply("Only bridge admins can set another user's login as the relay");
        login = found.login;
      } else {
        login = relay.defaultRelays.map((id) => ctx.state.loginById(id)?.login).find(Boolean);
        if (!login && !onlyDefaultRelays) login = ctx.state.defaultLogin(cmd.sender);
      }
      if (!login) return reply("You're not logged in and there are no default relay users configured");
      ctx.state.portals.get(cmd.roomId)!.relay = login.id;
      const owner = ctx.state.loginById(login.id)!.owner;
      // The plain body of bridgev2's notice (the link to the owner is only in formatted_body).
      return reply(`Messages sent by users who haven't logged in will now be relayed through ${login.name} (${owner}'s login)`);
    },
  },
  "unset-relay": {
    portal: true,
    async run(ctx, cmd, reply, power) {
      const portal = ctx.state.portals.get(cmd.roomId)!;
      if (!portal.relay) return reply("This portal doesn't have a relay set.");
      if (power.userLevel(cmd.sender) < power.stateLevel(SET_RELAY)) return reply("You don't have permission to manage the relay in this room");
      portal.relay = null;
      return reply("Stopped relaying messages for users who haven't logged in");
    },
  },
  "sync-portal": {
    portal: true,
    async run(ctx, cmd, reply) {
      const portal = ctx.state.portals.get(cmd.roomId)!;
      if (!ctx.state.defaultLogin(cmd.sender) && !portal.relay) return reply("No login found for sync");
      return ctx.as.send(cmd.roomId, "m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: cmd.eventId, key: "✅️" } });
    },
  },
};
