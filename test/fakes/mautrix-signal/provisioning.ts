import { roomPower, type AppserviceClient } from "./as-client.ts";
import { NAME_LIMIT, NETWORK, newGroupId, plumb, type BridgeState, type Login } from "./bridge-state.ts";
import type { FakeLogins } from "./login.ts";

export type ProvisioningContext = {
  as: AppserviceClient;
  state: BridgeState;
  puppetPrefix: string;
  secret: string;
  appserviceId: string;
  logins: FakeLogins;
  /** allow_matrix_auth: who a Matrix access token belongs to (the homeserver's whoami), null when it is invalid. */
  matrixUserOf: (token: string) => Promise<string | null>;
};
export type Reply = { status: number; body: unknown };

const error = (status: number, errcode: string, message: string): Reply => ({ status, body: { errcode, error: message } });
const ok = (body: unknown): Reply => ({ status: 200, body });

const CAPABILITIES = {
  resolve_identifier: { create_dm: true, lookup_phone: true, lookup_email: false, lookup_username: true, any_phone: true, contact_list: true, search: false },
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
  const state = { state_event: l.state, timestamp: Math.floor(Date.now() / 1000), ttl: 3600, source: "bridge" };
  return { state_event: l.state, state_ts: state.timestamp, state, id: l.id, name: l.name, profile: { name: l.name, phone: l.id } };
}

/** The routes bridgev2 serves, with their methods: another method gets 405. */
const ROUTES: Array<[string, RegExp]> = [
  ["GET", /^\/v3\/whoami$/],
  ["GET", /^\/v3\/logins$/],
  ["GET", /^\/v3\/capabilities$/],
  ["GET", /^\/v3\/login\/flows$/],
  ["POST", /^\/v3\/login\/start\/[^/]+$/],
  ["POST", /^\/v3\/login\/step\/[^/]+\/[^/]+\/(user_input|cookies|display_and_wait)$/],
  ["POST", /^\/v3\/login\/cancel\/[^/]+$/],
  ["POST", /^\/v3\/logout\/[^/]+$/],
  ["GET", /^\/v3\/resolve_identifier\/[^/]+$/],
  ["POST", /^\/v3\/create_dm\/[^/]+$/],
  ["POST", /^\/v3\/create_group\/[^/]+$/],
];

/**
 * bridgev2's provisioning API (bridgev2/matrix/provisioning.go, provisionutil/creategroup.go):
 * same routes, auth, permission check, error codes and response shapes, held to the real
 * mautrix-whatsapp by test/features/bridges/bridge-contract.test.ts.
 */
export async function handleProvisioning(ctx: ProvisioningContext, method: string, url: URL, auth: string | undefined, body: any): Promise<Reply> {
  const path = url.pathname.replace(/^\/_matrix\/provision/, "");
  const route = ROUTES.filter(([, pattern]) => pattern.test(path));
  if (!route.length) return error(404, "M_UNRECOGNIZED", "Unrecognized endpoint");
  if (!route.some(([m]) => m === method)) return error(405, "M_UNRECOGNIZED", "Invalid method for endpoint");
  const token = auth?.replace(/^Bearer /, "");
  if (!token) return error(401, "M_MISSING_TOKEN", "Missing auth token");
  const userId = url.searchParams.get("user_id") ?? "";
  // The shared secret acts as anyone; a Matrix access token (allow_matrix_auth) only as its owner.
  if (token !== ctx.secret && (!userId || (await ctx.matrixUserOf(token)) !== userId)) return error(401, "M_UNKNOWN_TOKEN", "Invalid auth token");
  if (!ctx.state.mayLogin(userId)) return error(403, "M_FORBIDDEN", "User does not have login permissions");
  const loginFor = (): Login | Reply => {
    const loginId = url.searchParams.get("login_id");
    if (loginId) {
      const found = ctx.state.loginById(loginId);
      return found && found.owner === userId ? found.login : error(404, "M_NOT_FOUND", "Login not found");
    }
    return ctx.state.defaultLogin(userId) ?? error(400, "FI.MAU.NOT_LOGGED_IN", "Not logged in");
  };
  const param = (pattern: RegExp) => decodeURIComponent(path.match(pattern)?.[1] ?? "");
  if (path === "/v3/whoami") {
    return ok({
      network: NETWORK,
      login_flows: (ctx.logins.flows().body as { flows: unknown[] }).flows,
      homeserver: ctx.as.botUserId.split(":").slice(1).join(":"),
      bridge_bot: ctx.as.botUserId,
      command_prefix: NETWORK.default_command_prefix,
      logins: (ctx.state.logins.get(userId) ?? []).map(whoamiLogin),
    });
  }
  if (path === "/v3/logins") return ok({ login_ids: (ctx.state.logins.get(userId) ?? []).map((l) => l.id) });
  if (path === "/v3/capabilities") return ok(CAPABILITIES);
  if (path === "/v3/login/flows") return ctx.logins.flows();
  if (path.startsWith("/v3/login/start/")) return ctx.logins.start(userId, param(/^\/v3\/login\/start\/([^/]+)$/));
  const step = path.match(/^\/v3\/login\/step\/([^/]+)\/([^/]+)\/([^/]+)$/);
  if (step) return ctx.logins.step(decodeURIComponent(step[1]!), decodeURIComponent(step[2]!), step[3]!);
  if (path.startsWith("/v3/login/cancel/")) return ctx.logins.cancel(param(/^\/v3\/login\/cancel\/([^/]+)$/));
  if (path.startsWith("/v3/logout/")) {
    const loginId = param(/^\/v3\/logout\/([^/]+)$/);
    const own = ctx.state.logins.get(userId) ?? [];
    if (loginId !== "all" && !own.some((l) => l.id === loginId)) return error(404, "M_NOT_FOUND", "Login not found");
    ctx.state.logins.set(userId, loginId === "all" ? [] : own.filter((l) => l.id !== loginId));
    return ok({});
  }
  if (path.startsWith("/v3/resolve_identifier/") || path.startsWith("/v3/create_dm/")) {
    const login = loginFor();
    if ("status" in login) return login;
    const identifier = param(/\/([^/]+)$/);
    if (!/^\+[1-9]\d{6,14}$/.test(identifier)) return error(400, "M_INVALID_PARAM", "Invalid phone number");
    return ok({ id: identifier.slice(1), name: identifier, identifiers: [`tel:${identifier}`] });
  }
  const groupType = param(/^\/v3\/create_group\/([^/]+)$/);
  const login = loginFor();
  if ("status" in login) return login;
  if (groupType !== "group") return error(404, "M_UNRECOGNIZED", `Unrecognized group type ${groupType}`);
  const name = String(body?.name?.name ?? "");
  if (!name) return error(400, "M_INVALID_PARAM", "Name is required");
  // bridgev2 compares len(name): UTF-8 bytes, not characters.
  if (Buffer.byteLength(name) > NAME_LIMIT) return error(400, "M_INVALID_PARAM", `Name must be at most ${NAME_LIMIT} characters`);
  const roomId = body?.room_id as string | undefined;
  if (!roomId) return error(501, "M_UNRECOGNIZED", "The fake bridge only creates groups for existing rooms");
  if (ctx.state.portals.has(roomId)) return error(400, "M_UNKNOWN", "That room is already a portal");
  const power = roomPower(await ctx.as.roomState(roomId).catch(() => []));
  if (power.userLevel(ctx.as.botUserId) < power.stateLevel("m.bridge")) return error(500, "M_UNKNOWN", "Failed to create portal room");
  const group = { id: newGroupId(), name, members: [{ id: login.id, name: login.name }] };
  ctx.state.groups.set(group.id, group);
  await plumb(ctx.as, ctx.state, ctx.puppetPrefix, roomId, group, ctx.appserviceId);
  return ok({ id: group.id, mxid: roomId });
}
