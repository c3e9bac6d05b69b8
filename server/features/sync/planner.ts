import type { SyncChange, SyncChangeKind } from "../../../shared/sync.ts";
import type { DesiredUser } from "./desired-state.ts";
import type { MatrixState, RoomFacts } from "./matrix-state.ts";
import type { Grant, KnownUser } from "../../kernel/store/sync-store.ts";
import { CREATOR_POWER, powerLevelFromState, requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";
import { said, type Said } from "../../../shared/said.ts";

/** A change's why: the English (also the reason a kick posts to Matrix) and the same as a code the widget words. */
const because = (why: Said) => ({ why: why.text, said: why });

export type SyncPolicy = { groupRemoval: "none" | "kick"; deactivation: "none" | "remove" | "deactivate" };

export type PlanInput = {
  desired: DesiredUser[];
  /** People the sync knew who are gone from Authentik (full scans only). */
  vanished: KnownUser[];
  matrix: MatrixState;
  /** Rooms whose power levels the sync keeps and from which removed people are taken out. */
  managedRoomIds: string[];
  /** Rooms that belong to groups: people outside those groups are removed when the policy says kick. */
  groupRoomIds: string[];
  defaultRoomId: string | undefined;
  welcomed: Set<string>;
  grants: Grant[];
  policy: SyncPolicy;
  botUserId: string;
  serverName: string;
  authProvider: string;
  writeBackAttribute: string;
};

export type PlanOutput = {
  changes: SyncChange[];
  warnings: Said[];
  /** Levels people already hold exactly as their groups say: recorded so the sync may revoke them later. */
  adopt: Grant[];
  /** Changes made because Authentik deactivated or deleted someone (removals and account deactivations). */
  deactivations: number;
};

export type StreamedPlan = Omit<PlanOutput, "changes">;

const PRESENT = new Set(["join", "invite", "knock"]);

const levelOf = (room: RoomFacts, userId: string) => powerLevelFromState(userId, room.create, room.powerLevels, room.creator);
const usersDefault = (room: RoomFacts) => room.powerLevels?.users_default ?? 0;
const show = (level: number) => (level === CREATOR_POWER ? "creator" : String(level));
/** A level as a Said parameter: JSON has no Infinity, so a creator's unlimited power travels as 101 (the widget words it as the role). */
const sent = (level: number) => (level === CREATOR_POWER ? 101 : level);

function id(kind: SyncChangeKind, ...parts: string[]): string {
  return [kind, ...parts].join(" ");
}

/**
 * The pure heart of the sync: from what Authentik says (desired) and what Matrix has (current),
 * the list of changes that would make them agree. Reads nothing, writes nothing.
 */
export function planSync(input: PlanInput): PlanOutput {
  const changes: SyncChange[] = [];
  const out = planSyncInto(input, (c) => changes.push(c));
  return { changes, ...out };
}

/**
 * The same, handing each change to `emit` as it is found instead of gathering them: a plan for a
 * large community goes straight to the store without ever being one big array. A person's changes
 * come together; power-level changes come last.
 */
export function planSyncInto(input: PlanInput, emit: (change: SyncChange) => void): StreamedPlan {
  let deactivations = 0;
  const warnings: Said[] = [];
  const adopt: Grant[] = [];
  const warnedAbout = new Set<string>();
  const warnOnce = (message: Said) => {
    if (!warnedAbout.has(message.text)) (warnedAbout.add(message.text), warnings.push(message));
  };
  const { rooms, accounts } = input.matrix;
  const managed = input.managedRoomIds.filter((r) => rooms.has(r));
  // Code-unit order: deterministic, and far cheaper than localeCompare over 50,000 people.
  const people = input.desired.filter((u) => u.userId !== input.botUserId).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const activeIds = new Set(people.filter((u) => u.active).map((u) => u.userId));
  const vanished = input.vanished.filter((v) => !activeIds.has(v.userId) && v.userId !== input.botUserId);

  // Power levels first: a kick must know whether this plan revokes the level that would protect someone.
  const revoked = new Set<string>();
  const powerChanges: SyncChange[] = [];
  const wantedLevel = new Map<string, number>();
  for (const u of people) if (u.active || input.policy.deactivation !== "none") wantedLevel.set(u.userId, u.active ? u.level : 0);
  if (input.policy.deactivation !== "none") for (const v of vanished) wantedLevel.set(v.userId, 0);
  const grantsByRoom = new Map<string, Grant[]>();
  for (const g of input.grants) grantsByRoom.get(g.roomId)?.push(g) ?? grantsByRoom.set(g.roomId, [g]);

  for (const roomId of managed) {
    const room = rooms.get(roomId)!;
    const bot = levelOf(room, input.botUserId);
    const mayEdit = bot >= requiredForStateEvent(room.powerLevels, "m.room.power_levels");
    const granted = new Map((grantsByRoom.get(roomId) ?? []).map((g) => [g.userId, g.level]));
    for (const u of people) {
      if (!u.active || u.level === 0) continue;
      const current = levelOf(room, u.userId);
      if (current === u.level && granted.get(u.userId) !== u.level) adopt.push({ roomId, userId: u.userId, level: u.level });
      if (current >= u.level) continue;
      if (!mayEdit || current >= bot || u.level > bot) {
        warnOnce(said("sync.bot-cannot-grant", `The bot (level ${show(bot)}) cannot give ${u.userId} level ${u.level} in ${roomId}: raise the bot's level there.`, { botLevel: sent(bot), user: u.userId, level: u.level, room: roomId }));
        continue;
      }
      powerChanges.push({ kind: "set-power-level", id: id("set-power-level", roomId, u.userId), userId: u.userId, roomId, from: current, to: u.level, grant: true, ...because(said("sync.why-member-of", `member of ${u.levelFrom}`, { group: String(u.levelFrom) })) });
    }
    for (const [userId, level] of granted) {
      const wanted = wantedLevel.get(userId);
      if (wanted === undefined || wanted >= level || levelOf(room, userId) !== level) continue;
      if (!mayEdit || level >= bot) {
        warnOnce(said("sync.bot-cannot-lower", `The bot (level ${show(bot)}) cannot lower ${userId} in ${roomId}: raise the bot's level there.`, { botLevel: sent(bot), user: userId, room: roomId }));
        continue;
      }
      const to = Math.max(wanted, usersDefault(room));
      revoked.add(`${roomId} ${userId}`);
      const why = activeIds.has(userId)
        ? said("sync.why-no-longer-granted", `no longer in a group that grants level ${level}`, { level })
        : said("sync.why-inactive", "no longer active in Authentik");
      powerChanges.push({ kind: "set-power-level", id: id("set-power-level", roomId, userId), userId, roomId, from: level, to, grant: false, ...because(why) });
    }
  }

  const mayKick = (room: RoomFacts, userId: string): boolean => {
    const bot = levelOf(room, input.botUserId);
    const target = levelOf(room, userId);
    if (bot >= (room.powerLevels?.kick ?? 50) && bot > target) return true;
    warnOnce(said("sync.bot-cannot-remove", `The bot (level ${show(bot)}) cannot remove ${userId} (level ${show(target)}) from ${room.roomId}.`, { botLevel: sent(bot), user: userId, targetLevel: sent(target), room: room.roomId }));
    return false;
  };

  const removeEverywhere = (userId: string, why: Said) => {
    for (const roomId of managed) {
      const room = rooms.get(roomId)!;
      if (PRESENT.has(room.members.get(userId)?.membership ?? "") && mayKick(room, userId)) {
        emit({ kind: "kick", id: id("kick", roomId, userId), userId, roomId, ...because(why) });
        deactivations++;
      }
    }
  };

  const inactive = (userId: string, authentikPk: number | null, why: Said) => {
    if (input.policy.deactivation === "remove") removeEverywhere(userId, why);
    if (input.policy.deactivation === "deactivate" && userId.endsWith(`:${input.serverName}`)) {
      const account = accounts.get(userId);
      if (account && !account.deactivated) {
        emit({ kind: "deactivate-account", id: id("deactivate-account", userId), userId, authentikPk, ...because(why) });
        deactivations++;
      }
    }
  };

  for (const u of people) {
    if (!u.active) {
      inactive(u.userId, u.authentikPk, said("sync.why-deactivated", "deactivated in Authentik"));
      continue;
    }
    if (u.local) {
      const account = accounts.get(u.userId);
      if (!account) {
        emit({
          kind: "create-account",
          id: id("create-account", u.userId),
          userId: u.userId,
          displayName: u.displayName,
          externalId: u.externalId,
          authProvider: input.authProvider,
          authentikPk: u.authentikPk,
          ...because(said("sync.why-no-account", `${u.username} is in Authentik and has no Matrix account`, { username: u.username })),
        });
      } else if (account.deactivated) {
        warnings.push(said("sync.deactivated-on-matrix", `${u.userId} is deactivated on Matrix but active in Authentik: reactivate the account by hand if ${u.username} should come back.`, { user: u.userId, username: u.username }));
        continue;
      } else if ((account.displayName ?? "") !== u.displayName) {
        emit({ kind: "set-display-name", id: id("set-display-name", u.userId), userId: u.userId, from: account.displayName, to: u.displayName, ...because(said("sync.why-name-changed", "name changed in Authentik")) });
      }
    }
    if (u.writeBack) {
      emit({ kind: "write-back", id: id("write-back", u.userId), userId: u.userId, authentikPk: u.authentikPk, attribute: input.writeBackAttribute, ...because(said("sync.why-write-back", `store the Matrix ID in attributes.${input.writeBackAttribute}`, { attribute: input.writeBackAttribute })) });
    }
    const entitled = new Set(u.rooms.map((r) => r.roomId));
    for (const { roomId, because: entitledBy } of u.rooms) {
      const room = rooms.get(roomId);
      if (!room) continue;
      const member = room.members.get(u.userId);
      const membership = member?.membership;
      if (membership === "join" || membership === "invite") continue;
      // Someone who left or declined on their own is not invited again and again.
      if (membership === "leave" && member!.sender === u.userId) continue;
      if (membership === "ban") {
        warnings.push(said("sync.banned", `${u.userId} is banned from ${roomId}: not invited (unban first if that is wrong).`, { user: u.userId, room: roomId }));
        continue;
      }
      const bot = levelOf(room, input.botUserId);
      if (bot < (room.powerLevels?.invite ?? 0)) {
        warnOnce(said("sync.bot-cannot-invite", `The bot (level ${show(bot)}) may not invite in ${roomId}: raise its level there.`, { botLevel: sent(bot), room: roomId }));
        continue;
      }
      emit({ kind: "invite", id: id("invite", roomId, u.userId), userId: u.userId, roomId, ...because(entitledBy) });
      if (roomId === input.defaultRoomId && !input.welcomed.has(u.userId)) {
        emit({ kind: "welcome", id: id("welcome", u.userId), userId: u.userId, roomId, displayName: u.displayName, username: u.username, ...because(said("sync.why-welcome", "new in the community")) });
      }
    }
    if (input.policy.groupRemoval === "kick") {
      for (const roomId of input.groupRoomIds) {
        const room = rooms.get(roomId);
        if (!room || entitled.has(roomId) || !PRESENT.has(room.members.get(u.userId)?.membership ?? "")) continue;
        // Raised levels someone gave by hand protect a person; levels this plan revokes do not.
        if (levelOf(room, u.userId) > usersDefault(room) && !revoked.has(`${roomId} ${u.userId}`)) continue;
        if (mayKick(room, u.userId)) emit({ kind: "kick", id: id("kick", roomId, u.userId), userId: u.userId, roomId, ...because(said("sync.why-not-in-group", "not in a group that belongs in this room")) });
      }
    }
  }
  for (const v of vanished) inactive(v.userId, v.authentikPk, said("sync.why-deleted", "deleted from Authentik"));

  for (const c of powerChanges) emit(c);
  return { warnings, adopt, deactivations };
}
