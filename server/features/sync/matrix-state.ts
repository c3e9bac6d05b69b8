import type { Bot } from "../../kernel/matrix/bot.ts";
import { describeMatrixFailure, isNotFound } from "../../kernel/errors/homeserver-failure.ts";
import { accountPage, adminAccount, isServerAdmin } from "../../kernel/matrix/admin.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { CreateContent, PowerLevelsContent } from "../../kernel/matrix/power-levels.ts";
import { said, type Said } from "../../../shared/said.ts";

export type Account = { displayName: string | null; deactivated: boolean };
export type Member = { membership: string; sender: string };

/** One managed room as the planner needs it: who is there (and who removed whom), and power levels. */
export type RoomFacts = {
  roomId: string;
  members: Map<string, Member>;
  create: CreateContent;
  creator: string;
  powerLevels: PowerLevelsContent | null;
};

export type MatrixState = {
  /** Local accounts of the people in scope; a missing entry means no account. */
  accounts: Map<string, Account>;
  rooms: Map<string, RoomFacts>;
};

/** Below this many people, one lookup each is cheaper than listing every account on the server. */
const PER_USER_LOOKUP_LIMIT = 50;
const ACCOUNT_PAGE = 1000;
const ROOM_READS_IN_FLIGHT = 4;

async function listAllAccounts(bot: Bot, wanted: Set<string>): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  let from: string | undefined = "0";
  while (from !== undefined) {
    const res = await accountPage(bot, from, ACCOUNT_PAGE);
    for (const u of res.users) if (wanted.has(u.name)) accounts.set(u.name, { displayName: u.displayname ?? null, deactivated: Boolean(u.deactivated) });
    from = res.next_token === undefined || res.next_token === null ? undefined : String(res.next_token);
  }
  return accounts;
}

async function lookUpAccounts(bot: Bot, userIds: string[]): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  await Promise.all(
    userIds.map(async (userId) => {
      try {
        const u = await adminAccount(bot, userId);
        accounts.set(userId, { displayName: u.displayname ?? null, deactivated: Boolean(u.deactivated) });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }),
  );
  return accounts;
}

/** Local accounts of these people through Synapse's admin API: listed in pages for many, looked up for a few. */
export async function readAccounts(bot: Bot, userIds: string[]): Promise<Map<string, Account>> {
  const local = userIds.filter((u) => u.endsWith(`:${bot.serverName}`));
  if (local.length === 0) return new Map();
  if (!(await isServerAdmin(bot))) {
    throw ApiError.forbidden(
      "Account sync needs the bot to be a server admin: only Synapse's admin API can list and create accounts.",
      "Make the bot a server admin (see `npm run doctor`), then plan again.",
    ).saying("syncNeedsServerAdmin");
  }
  try {
    return local.length > PER_USER_LOOKUP_LIMIT ? await listAllAccounts(bot, new Set(local)) : await lookUpAccounts(bot, local);
  } catch (err) {
    throw describeMatrixFailure(err, "reading accounts through the admin API");
  }
}

async function readRoom(bot: Bot, roomId: string): Promise<RoomFacts> {
  const [members, create, powerLevels] = await Promise.all([
    bot.roomMembers(roomId),
    bot.createEvent(roomId),
    bot.powerLevels(roomId),
  ]);
  return {
    roomId,
    members: new Map(members.map((e) => [e.state_key, { membership: e.content.membership ?? "leave", sender: e.sender }])),
    create: create.content,
    creator: create.sender,
    powerLevels,
  };
}

/** Members (with who changed their membership) and power levels of each managed room the bot can read. */
export async function readRooms(bot: Bot, roomIds: string[]): Promise<{ rooms: Map<string, RoomFacts>; warnings: Said[] }> {
  const rooms = new Map<string, RoomFacts>();
  const warnings: Said[] = [];
  const queue = [...new Set(roomIds)];
  await Promise.all(
    Array.from({ length: ROOM_READS_IN_FLIGHT }, async () => {
      for (let roomId = queue.shift(); roomId; roomId = queue.shift()) {
        try {
          rooms.set(roomId, await readRoom(bot, roomId));
        } catch (err) {
          const failure = describeMatrixFailure(err);
          if (failure.code === "rate_limited" || failure.code === "homeserver_unreachable") throw failure;
          const text = `Room ${roomId} is skipped: the bot cannot read it (${failure.message}). Invite the bot there or remove the room from the mappings.`;
          warnings.push(said("sync.room-unreadable", text, { room: roomId, cause: failure.message }));
        }
      }
    }),
  );
  return { rooms, warnings };
}
