import { describe, expect, it } from "vitest";
import { planSync, type PlanInput } from "../../../server/features/sync/planner.ts";
import { desiredUsers, type DesiredUser, type MappingRules } from "../../../server/features/sync/desired-state.ts";
import { selectChanges, toJobItems } from "../../../server/features/sync/selection.ts";
import type { RoomFacts } from "../../../server/features/sync/matrix-state.ts";
import type { AuthentikUser } from "../../../server/kernel/authentik/types.ts";
import { said } from "../../../shared/said.ts";

const HS = "example.org";
const BOT = `@bot:${HS}`;
const MODS = "!mods:example.org";
const GENERAL = "!general:example.org";
const GAMES = "!games:example.org";

/** A room at version 10: the bot holds 100, everyone else what `levels` says. */
function room(roomId: string, members: Record<string, string | [string, string]> = {}, levels: Record<string, number> = {}): RoomFacts {
  return {
    roomId,
    members: new Map(Object.entries({ [BOT]: "join", ...members }).map(([u, m]) => [u, typeof m === "string" ? { membership: m, sender: u } : { membership: m[0], sender: m[1] }])),
    create: { room_version: "10", creator: BOT },
    creator: BOT,
    powerLevels: { users: { [BOT]: 100, ...levels }, users_default: 0, kick: 50, invite: 0 },
  };
}

function person(username: string, o: Partial<DesiredUser> = {}): DesiredUser {
  return {
    authentikPk: username.length,
    username,
    userId: `@${username}:${HS}`,
    local: true,
    displayName: username[0]!.toUpperCase() + username.slice(1),
    externalId: `sub-${username}`,
    active: true,
    groups: [],
    level: 0,
    levelFrom: null,
    rooms: [{ roomId: GENERAL, because: said("sync.why-default-room", "the community's default room") }],
    writeBack: false,
    ...o,
  };
}

function input(o: Partial<PlanInput> & { rooms?: RoomFacts[]; accounts?: Record<string, { displayName: string | null; deactivated?: boolean }> }): PlanInput {
  const rooms = o.rooms ?? [room(MODS), room(GENERAL), room(GAMES)];
  return {
    desired: [],
    vanished: [],
    matrix: {
      accounts: new Map(Object.entries(o.accounts ?? {}).map(([u, a]) => [u, { displayName: a.displayName, deactivated: a.deactivated ?? false }])),
      rooms: new Map(rooms.map((r) => [r.roomId, r])),
    },
    managedRoomIds: rooms.map((r) => r.roomId),
    groupRoomIds: [MODS, GAMES],
    defaultRoomId: GENERAL,
    welcomed: new Set(),
    grants: [],
    policy: { groupRemoval: "none", deactivation: "none" },
    botUserId: BOT,
    serverName: HS,
    authProvider: "oidc-authentik",
    writeBackAttribute: "matrix_id",
    ...o,
  };
}

const kindsAndRooms = (changes: ReturnType<typeof planSync>["changes"]) => changes.map((c) => `${c.kind} ${"roomId" in c ? c.roomId : ""}`.trim());

describe("sync planner", () => {
  it("onboards a newcomer: account, default and group rooms, one welcome", () => {
    const alice = person("alice", { groups: ["gamers"], rooms: [{ roomId: GENERAL, because: said("sync.why-default-room", "the community's default room") }, { roomId: GAMES, because: said("sync.why-member-of", "member of gamers", { group: "gamers" }) }] });
    const { changes } = planSync(input({ desired: [alice] }));
    expect(kindsAndRooms(changes)).toEqual(["create-account", `invite ${GENERAL}`, `welcome ${GENERAL}`, `invite ${GAMES}`]);
    expect(changes[0]).toMatchObject({ id: `create-account ${alice.userId}`, externalId: "sub-alice", authProvider: "oidc-authentik", displayName: "Alice" });
  });

  it("plans nothing when Matrix already matches", () => {
    const alice = person("alice");
    const plan = planSync(input({ desired: [alice], accounts: { [alice.userId]: { displayName: "Alice" } }, rooms: [room(MODS), room(GENERAL, { [alice.userId]: "join" }), room(GAMES)] }));
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("updates a changed display name", () => {
    const alice = person("alice", { displayName: "Alice Liddell" });
    const { changes } = planSync(input({ desired: [alice], accounts: { [alice.userId]: { displayName: "Alice" } }, rooms: [room(GENERAL, { [alice.userId]: "join" })] }));
    expect(changes).toEqual([expect.objectContaining({ kind: "set-display-name", from: "Alice", to: "Alice Liddell" })]);
  });

  it("does not invite again someone who left on their own, but does after a kick; never the banned", () => {
    const [a, b, c] = [person("ann"), person("ben"), person("cat")];
    const accounts = Object.fromEntries([a, b, c].map((p) => [p.userId, { displayName: p.displayName }]));
    const general = room(GENERAL, { [a.userId]: "leave", [b.userId]: ["leave", `@mod:${HS}`], [c.userId]: ["ban", `@mod:${HS}`] });
    const plan = planSync(input({ desired: [a, b, c], accounts, rooms: [general], welcomed: new Set([b.userId]) }));
    expect(plan.changes.map((ch) => ch.id)).toEqual([`invite ${GENERAL} ${b.userId}`]);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: "sync.banned", text: expect.stringContaining(`${c.userId} is banned`) })]);
  });

  it("removes people from group rooms they lost the group of, only under the kick policy", () => {
    const dan = person("dan");
    const state = { desired: [dan], accounts: { [dan.userId]: { displayName: "Dan" } }, rooms: [room(GENERAL, { [dan.userId]: "join" }), room(GAMES, { [dan.userId]: "join" })] };
    expect(planSync(input(state)).changes).toEqual([]);
    const { changes } = planSync(input({ ...state, policy: { groupRemoval: "kick", deactivation: "none" } }));
    expect(changes).toEqual([expect.objectContaining({ kind: "kick", roomId: GAMES, userId: dan.userId })]);
  });

  it("leaves a raised level someone set by hand alone, but a level it revokes does not protect", () => {
    const eve = person("eve");
    const games = room(GAMES, { [eve.userId]: "join" }, { [eve.userId]: 50 });
    const base = { desired: [eve], accounts: { [eve.userId]: { displayName: "Eve" } }, policy: { groupRemoval: "kick" as const, deactivation: "none" as const } };
    expect(planSync(input({ ...base, rooms: [room(GENERAL, { [eve.userId]: "join" }), games] })).changes).toEqual([]);
    const granted = planSync(input({ ...base, rooms: [room(GENERAL, { [eve.userId]: "join" }), games], grants: [{ roomId: GAMES, userId: eve.userId, level: 50 }] }));
    expect(granted.changes.map((c) => c.id).sort()).toEqual([`kick ${GAMES} ${eve.userId}`, `set-power-level ${GAMES} ${eve.userId}`]);
    expect(granted.changes.find((c) => c.kind === "set-power-level")).toMatchObject({ from: 50, to: 0, grant: false });
  });

  it("grants group levels where they are missing, adopts matching ones, and never touches creators", () => {
    const mod = person("mia", { level: 50, levelFrom: "moderators" });
    const creatorRoom: RoomFacts = { ...room("!v12:example.org"), create: { room_version: "12" }, creator: mod.userId };
    const plan = planSync(
      input({
        desired: [mod],
        accounts: { [mod.userId]: { displayName: "Mia" } },
        rooms: [room(MODS, {}, { [mod.userId]: 50 }), room(GENERAL, { [mod.userId]: "join" }), creatorRoom],
      }),
    );
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "set-power-level", roomId: GENERAL, from: 0, to: 50, grant: true, why: "member of moderators" })]);
    expect(plan.adopt).toEqual([{ roomId: MODS, userId: mod.userId, level: 50 }]);
  });

  it("says so when the bot's level is too low to grant", () => {
    const mod = person("mia", { level: 50, levelFrom: "moderators" });
    const weak = room(GENERAL, { [mod.userId]: "join" });
    weak.powerLevels = { users: { [BOT]: 40 }, events: { "m.room.power_levels": 40 } };
    const plan = planSync(input({ desired: [mod], accounts: { [mod.userId]: { displayName: "Mia" } }, rooms: [weak] }));
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: "sync.bot-cannot-grant", text: expect.stringContaining("cannot give") })]);
  });

  describe("people deactivated or deleted in Authentik", () => {
    const gone = person("gus", { active: false, level: 50 });
    const rooms = () => [room(MODS, { [gone.userId]: "join" }, { [gone.userId]: 50 }), room(GENERAL, { [gone.userId]: "join" }), room(GAMES, { [gone.userId]: "invite" })];
    const state = { desired: [gone], accounts: { [gone.userId]: { displayName: "Gus" } }, grants: [{ roomId: MODS, userId: gone.userId, level: 50 }] };

    it("are left alone under the policy none", () => {
      expect(planSync(input({ ...state, rooms: rooms() })).changes).toEqual([]);
    });

    it("are removed from every managed room, and lose levels the sync gave, under remove", () => {
      const { changes } = planSync(input({ ...state, rooms: rooms(), policy: { groupRemoval: "none", deactivation: "remove" } }));
      expect(changes.map((c) => c.id)).toEqual([`kick ${MODS} ${gone.userId}`, `kick ${GENERAL} ${gone.userId}`, `kick ${GAMES} ${gone.userId}`, `set-power-level ${MODS} ${gone.userId}`]);
    });

    it("get their account deactivated under deactivate, once", () => {
      const policy = { groupRemoval: "none" as const, deactivation: "deactivate" as const };
      expect(planSync(input({ ...state, rooms: rooms(), policy })).changes.map((c) => c.kind)).toEqual(["deactivate-account", "set-power-level"]);
      const done = planSync(input({ ...state, rooms: [room(MODS), room(GENERAL)], grants: [], policy, accounts: { [gone.userId]: { displayName: "Gus", deactivated: true } } }));
      expect(done.changes).toEqual([]);
    });

    it("count as deleted when a full scan no longer finds them", () => {
      const { changes } = planSync(
        input({ vanished: [{ authentikPk: 9, userId: gone.userId, username: "gus" }], accounts: { [gone.userId]: { displayName: "Gus" } }, rooms: rooms(), policy: { groupRemoval: "none", deactivation: "deactivate" } }),
      );
      expect(changes).toEqual([expect.objectContaining({ kind: "deactivate-account", authentikPk: 9, why: "deleted from Authentik" })]);
    });
  });
});

describe("desired state from Authentik", () => {
  const rules: MappingRules = {
    identity: { matrixIdAttribute: "matrix_id", localpartTemplate: "{username}", subjectMode: "hashed_user_id", synapseAuthProvider: "oidc-authentik" },
    serverName: HS,
    writeBack: true,
    defaultRoomId: GENERAL,
    moderatorRoomId: MODS,
    moderatorGroup: "moderators",
    moderatorLevel: 50,
    groupRooms: new Map([["gamers", [GAMES]]]),
    groupLevels: new Map([["stewards", 25], ["ghosts", 10]]),
  };
  const ak = (pk: number, username: string, groups: string[], o: Partial<AuthentikUser> = {}): AuthentikUser => ({
    pk, username, name: "", email: "", isActive: true, groups, attributes: {}, uid: `uid${pk}`, uuid: `uuid${pk}`, type: "internal", lastUpdated: "2025-01-01T00:00:00.000Z", ...o,
  });
  const groups = [{ pk: "g-mod", name: "moderators" }, { pk: "g-game", name: "gamers" }, { pk: "g-stew", name: "stewards" }];

  it("maps groups to rooms and the highest level, skips service accounts, and reports clashes and unknown groups", () => {
    const { users, warnings } = desiredUsers(
      [ak(1, "mod", ["g-mod", "g-stew"]), ak(2, "gamer", ["g-game"], { attributes: { matrix_id: `@gamer:${HS}` } }), ak(3, "svc", [], { type: "service_account" }), ak(4, "Mod", [])],
      groups,
      rules,
    );
    expect(users.map((u) => [u.username, u.level, u.levelFrom, u.rooms.map((r) => r.roomId), u.writeBack])).toEqual([
      ["mod", 50, "moderators", [GENERAL, MODS], true],
      ["gamer", 0, null, [GENERAL, GAMES], false],
    ]);
    expect(users[0]!.displayName).toBe("mod");
    expect(warnings.map((w) => w.text)).toEqual([expect.stringContaining('"ghosts"'), expect.stringContaining("Mod and mod both map to @mod:example.org")]);
  });
});

describe("choosing part of a plan", () => {
  const alice = person("alice", { level: 50, levelFrom: "moderators" });
  const { changes } = planSync(input({ desired: [alice] }));

  it("adds what a chosen change needs, and groups changes into one item per person and per room", () => {
    const { selected, addedPrerequisites } = selectChanges(changes, { kinds: ["welcome"] });
    expect(selected.map((c) => c.kind)).toEqual(["create-account", "invite", "welcome"]);
    expect(addedPrerequisites).toBe(2);
    const items = toJobItems(changes, new Map());
    expect(items.map((i) => i.key)).toEqual([`user ${alice.userId}`, `power ${MODS}`, `power ${GENERAL}`, `power ${GAMES}`]);
    expect(items[0]!.data.steps.map((s) => s.kind)).toEqual(["create-account", "invite", "welcome"]);
  });
});
