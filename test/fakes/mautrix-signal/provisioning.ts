import { roomPower, type AppserviceClient } from "./as-client.ts";
import { NAME_LIMIT, NETWORK, newGroupId, plumb, type BridgeState, type Login } from "./bridge-state.ts";
import type { FakeLogins } from "./login.ts";

export type ProvisioningContext = { as: AppserviceClient; state: BridgeState; puppetPrefix: string; secret: string; logins: FakeLogins };
export type Reply = { status: number; body: unknown };

const error = (status: number, errcode: string, message: string): Reply => ({ status, body: { errcode, error: message } });
const ok = (body: unknown): Reply => ({ status: 200, body });

const CAPABILITIES = {
  resolve_identifier: { create_dm: true, lookup_phone: true, lookup_email: false, lookup_username: false, any_phone: false, contact_list: true, search: false },
  group_creation: {
    group: {
      type_description: "a group chat",
      name: { allowed: true, required: true, max_length: NAME_LIMIT },
      username: { allowed: false },
      avatar: { allowed: true },
      topic: { allowed: false },
      disappear: { allowed: true },
      participants: { allowed: true },
      parent: { allowed: false },
    },
  },
};

function whoamiLogin(l: Login) {
  const state = { state_event: l.state, timestamp: Math.floor(Date.now() / 1000) };
  return { state_event: l.state, state_ts: state.timestamp, state, id: l.id, name: l.name, profile: { name: l.name, phone: l.id } };
}

/**
 * bridgev2's provisioning API (bridgev2/matrix/provisioning.go, provisionutil/creategroup.go):
 * same routes, auth, error codes and response shapes.
 */
export async function handleProvisioning(ctx: ProvisioningContext, method: string, url: URL, auth: string | undefined, body: any): Promise<Reply> {
  const token = auth?.replace(/^Bearer /, "");
  if (!token) return error(401, "M_MISSING_TOKEN", "Missing auth token");
  if (token !== ctx.secret) return error(401, "M_UNKNOWN_TOKEN", "Invalid auth token");
  const userId = url.searchParams.get("user_id") ?? "";
  const path = url.pathname.replace(/^\/_matrix\/provision/, "");
  const loginFor = (): Login | Reply => {
    const loginId = url.searchParams.get("login_id");
    if (loginId) {
      const found = ctx.state.loginById(loginId);
      return found && found.owner === userId ? found.login : error(404, "M_NOT_FOUND", "Login not found");
    }
    return ctx.state.defaultLogin(userId) ?? error(400, "FI.MAU.NOT_LOGGED_IN", "Not logged in");
  };
  if (method === "GET" && path === "/v3/whoami") {
    return ok({
      network: NETWORK,
      login_flows: (ctx.logins.flows().body as { flows: unknown[] }).flows,
      homeserver: ctx.as.botUserId.split(":").slice(1).join(":"),
      bridge_bot: ctx.as.botUserId,
      command_prefix: "!signal",
      logins: (ctx.state.logins.get(userId) ?? []).map(whoamiLogin),
    });
  }
  if (method === "GET" && path === "/v3/logins") return ok({ login_ids: (ctx.state.logins.get(userId) ?? []).map((l) => l.id) });
  if (method === "GET" && path === "/v3/capabilities") return ok(CAPABILITIES);
  if (method === "GET" && path === "/v3/login/flows") return ctx.logins.flows();
  const start = path.match(/^\/v3\/login\/start\/([^/]+)$/);
  if (method === "POST" && start) return ctx.logins.start(userId, decodeURIComponent(start[1]!));
  const step = path.match(/^\/v3\/login\/step\/([^/]+)\/([^/]+)\/(user_input|cookies|display_and_wait)$/);
  if (method === "POST" && step) return ctx.logins.step(userId, decodeURIComponent(step[1]!), decodeURIComponent(step[2]!), step[3]!);
  const create = path.match(/^\/v3\/create_group\/([^/]+)$/);
  if (method === "POST" && create) {
    const login = loginFor();
    if ("status" in login) return login;
    if (create[1] !== "group") return error(400, "M_UNRECOGNIZED", `Unrecognized group type ${create[1]}`);
    const name = String(body?.name?.name ?? "");
    if (!name) return error(400, "M_INVALID_PARAM", "Name is required");
    if ([...name].length > NAME_LIMIT) return error(400, "M_INVALID_PARAM", `Name must be at most ${NAME_LIMIT} characters`);
    const roomId = body?.room_id as string | undefined;
    if (!roomId) return error(501, "M_UNRECOGNIZED", "The fake bridge only creates groups for existing rooms");
    if (ctx.state.portals.has(roomId)) return error(400, "M_UNKNOWN", "That room is already a portal");
    const power = roomPower(await ctx.as.roomState(roomId).catch(() => []));
    if (power.userLevel(ctx.as.botUserId) < power.stateLevel("m.bridge")) return error(500, "M_UNKNOWN", "Failed to create portal room");
    const group = { id: newGroupId(), name, members: [{ id: login.id, name: login.name }] };
    ctx.state.groups.set(group.id, group);
    await plumb(ctx.as, ctx.state, ctx.puppetPrefix, roomId, group);
    return ok({ id: group.id, mxid: roomId });
  }
  return error(404, "M_UNRECOGNIZED", "Unrecognized endpoint");
}
