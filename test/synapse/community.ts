import { randomBytes } from "node:crypto";
import { registerUser, type RegisteredUser, type SynapseInfo } from "./synapse.ts";
import { TestClient } from "./client.ts";

export type Person = RegisteredUser & { client: TestClient };

export type Community = {
  hs: SynapseInfo;
  /** Prefix of every localpart and alias in this community, unique per seed. */
  tag: string;
  bot: Person;
  moderators: Person[];
  members: Person[];
  moderatorRoom: { roomId: string; alias: string };
  defaultRoom: { roomId: string; alias: string };
  rooms: Array<{ roomId: string; alias: string; name: string }>;
};

export type CommunityOptions = {
  botIsAdmin?: boolean;
  moderators?: number;
  members?: number;
  extraRooms?: number;
  tag?: string;
};

export async function person(hs: SynapseInfo, localpart: string, options: { admin?: boolean; displayName?: string } = {}): Promise<Person> {
  const user = await registerUser(hs, localpart, options);
  return { ...user, client: new TestClient(hs.baseUrl, user.accessToken, user.userId) };
}

/** Lifts Synapse's rate limits for one user (admin API), or restores them with `lifted = false`. */
export async function setRateLimitOverride(admin: TestClient, userId: string, lifted: boolean): Promise<void> {
  const path = `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`;
  if (lifted) await admin.request("POST", path, { messages_per_second: 0, burst_count: 0 });
  else await admin.request("DELETE", path);
}

/**
 * Seeds a small community the way a real one looks: a dedicated bot, a moderator room with its
 * alias, moderators at power level 50, members, a default room and a few ordinary rooms.
 * Every name carries a unique tag, so many communities can share one homeserver.
 */
export async function seedCommunity(hs: SynapseInfo, options: CommunityOptions = {}): Promise<Community> {
  const tag = options.tag ?? `c${randomBytes(3).toString("hex")}`;
  const bot = await person(hs, `${tag}-bot`, { admin: options.botIsAdmin ?? true, displayName: "Dashboard Bot" });
  const moderators = await Promise.all(
    Array.from({ length: options.moderators ?? 2 }, (_, i) => person(hs, `${tag}-mod${i + 1}`, { displayName: `Moderator ${i + 1}` })),
  );
  const members = await Promise.all(
    Array.from({ length: options.members ?? 3 }, (_, i) => person(hs, `${tag}-member${i + 1}`, { displayName: `Member ${i + 1}` })),
  );

  // The seed itself should not wait on the limiter; the bot's own limits are restored at the end
  // so the dashboard meets Synapse's defaults. A non-admin bot needs a helper admin for this.
  const admin = options.botIsAdmin === false ? (await person(hs, `${tag}-seed-admin`, { admin: true })).client : bot.client;
  await setRateLimitOverride(admin, bot.userId, true);

  // Synapse's default room version (12) gives the creator unlimited power and refuses it in `users`.
  const power = Object.fromEntries(moderators.map((m) => [m.userId, 50] as const));
  const moderatorAlias = `#${tag}-moderators:${hs.serverName}`;
  const moderatorRoomId = await bot.client.createRoom({
    preset: "private_chat",
    name: "Moderators",
    topic: "Moderator coordination",
    room_alias_name: `${tag}-moderators`,
    invite: moderators.map((m) => m.userId),
    power_level_content_override: { users: power },
  });
  const defaultAlias = `#${tag}-general:${hs.serverName}`;
  const defaultRoomId = await bot.client.createRoom({
    preset: "public_chat",
    name: "General",
    room_alias_name: `${tag}-general`,
    invite: [...moderators, ...members].map((p) => p.userId),
    power_level_content_override: { users: power },
  });
  const rooms = [];
  for (let i = 1; i <= (options.extraRooms ?? 2); i++) {
    const name = `Group ${i}`;
    const roomId = await bot.client.createRoom({
      preset: "private_chat",
      name,
      room_alias_name: `${tag}-group${i}`,
      invite: members.map((p) => p.userId),
      // Real communities keep older rooms: mix in version 10 so both power models stay covered.
      ...(i % 2 === 0 ? { room_version: "10" } : {}),
    });
    rooms.push({ roomId, alias: `#${tag}-group${i}:${hs.serverName}`, name });
  }
  for (const m of moderators) {
    await m.client.join(moderatorRoomId);
    await m.client.join(defaultRoomId);
  }
  for (const m of members) {
    await m.client.join(defaultRoomId);
    for (const r of rooms) await m.client.join(r.roomId);
  }
  await setRateLimitOverride(admin, bot.userId, false);

  return {
    hs,
    tag,
    bot,
    moderators,
    members,
    moderatorRoom: { roomId: moderatorRoomId, alias: moderatorAlias },
    defaultRoom: { roomId: defaultRoomId, alias: defaultAlias },
    rooms,
  };
}

/** The `.env` values that point the dashboard at this community. */
export function communityEnv(c: Community, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MATRIX_HOMESERVER: c.hs.baseUrl,
    MATRIX_ACCESS_TOKEN: c.bot.accessToken,
    MATRIX_USER_ID: c.bot.userId,
    MATRIX_DEFAULT_ROOM_ALIAS: c.defaultRoom.alias,
    MATRIX_MODERATOR_ROOM: c.moderatorRoom.alias,
    LOG_LEVEL: "silent",
    ...extra,
  };
}
