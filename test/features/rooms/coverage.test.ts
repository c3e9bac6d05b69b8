import { describe, expect, it } from "vitest";
import { emptyRoomState } from "../../../server/kernel/matrix/room-state.ts";
import { knownPresence, moderatorCoverage, moderatorPresence } from "../../../server/features/rooms/coverage.ts";

const room = { ...emptyRoomState("!r:hs"), create: { room_version: "10" } as any, creator: "@bot:hs", powerLevels: { users: { "@bot:hs": 100, "@low:hs": 0 } } as any };
const moderators = ["@in:hs", "@invited:hs", "@away:hs", "@low:hs"].map((userId) => ({ userId, level: 50 }));

describe("moderator coverage", () => {
  const presence = (joined: string[], invited: string[] = []) => ({ joined: new Set(joined), invited: new Set(invited) });

  it("tells missing from invited from below level, from the room's presence", () => {
    const withIn = { ...room, powerLevels: { users: { ...room.powerLevels.users, "@in:hs": 50 } } };
    expect(moderatorCoverage(withIn, moderators, presence(["@in:hs", "@low:hs"], ["@invited:hs"]))).toEqual({ missing: ["@away:hs"], invited: ["@invited:hs"], belowLevel: ["@low:hs"] });
  });

  it("judges levels only of the joined: an invited moderator is not below level yet, a joined one is whatever the room says", () => {
    // @low:hs has level 0 in the room: invited, it counts as invited; joined, as below level.
    expect(moderatorCoverage(room, moderators, presence([], ["@low:hs"]))).toEqual({ missing: ["@in:hs", "@invited:hs", "@away:hs"], invited: ["@low:hs"], belowLevel: [] });
    expect(moderatorCoverage(room, moderators, presence(["@low:hs"]))).toEqual({ missing: ["@in:hs", "@invited:hs", "@away:hs"], invited: [], belowLevel: ["@low:hs"] });
  });

  it("counts a room's creator (room version 12) as above every level", () => {
    const v12 = { ...room, create: { room_version: "12" } as any, creator: "@in:hs", powerLevels: { users: {} } as any };
    expect(moderatorCoverage(v12, [{ userId: "@in:hs", level: 100 }], presence(["@in:hs"]))).toEqual({ missing: [], invited: [], belowLevel: [] });
  });
});

describe("moderator presence across rooms", () => {
  const mods = ["@a:hs", "@b:hs"].map((userId) => ({ userId, level: 50 }));
  /** A fake of our own batched member read: answers from a table and records each call. */
  function fakeReader(table: Record<string, Record<string, string>>) {
    const calls: Array<{ rooms: string[]; users: string[] }> = [];
    const read = async (rooms: string[], users: string[]) => {
      calls.push({ rooms, users });
      return new Map(rooms.map((r) => [r, new Map(users.flatMap((u) => (table[r]?.[u] ? [[u, table[r]![u]!] as const] : [])))]));
    };
    return { read, calls };
  }
  const sorted = (p: { joined: Set<string>; invited: Set<string> } | undefined) => ({ joined: [...(p?.joined ?? [])].sort(), invited: [...(p?.invited ?? [])].sort() });

  it("reads nothing when an admin bot already knows joined rooms and pending invites", async () => {
    const known = { joined: new Map([["@a:hs", new Set(["!1"])], ["@b:hs", new Set<string>()]]), invited: new Map([["@a:hs", new Set<string>()], ["@b:hs", new Set(["!1"])]]) };
    const { read, calls } = fakeReader({});
    const presence = await moderatorPresence(read, ["!1", "!2"], mods, known);
    expect(calls).toEqual([]);
    expect(sorted(presence.get("!1"))).toEqual({ joined: ["@a:hs"], invited: ["@b:hs"] });
    expect(sorted(presence.get("!2"))).toEqual({ joined: [], invited: [] });
  });

  it("asks once, for all rooms, about only the moderators not known to be joined", async () => {
    const known = { joined: new Map([["@a:hs", new Set(["!1", "!2"])], ["@b:hs", new Set(["!2"])]]), invited: null };
    const { read, calls } = fakeReader({ "!1": { "@b:hs": "invite" }, "!3": { "@a:hs": "join", "@b:hs": "leave" } });
    const presence = await moderatorPresence(read, ["!1", "!2", "!3"], mods, known);
    expect(calls).toEqual([{ rooms: ["!1", "!3"], users: ["@b:hs", "@a:hs"] }]);
    expect(sorted(presence.get("!1"))).toEqual({ joined: ["@a:hs"], invited: ["@b:hs"] });
    expect(sorted(presence.get("!2"))).toEqual({ joined: ["@a:hs", "@b:hs"], invited: [] });
    expect(sorted(presence.get("!3"))).toEqual({ joined: ["@a:hs"], invited: [] });
  });

  it("reads every moderator in one batch for a bot that knows nothing, and the badge reads what the check reads", async () => {
    const { read, calls } = fakeReader({ "!r:hs": { "@in:hs": "join", "@invited:hs": "invite", "@low:hs": "join" } });
    const presence = await moderatorPresence(read, ["!r:hs"], moderators, null);
    expect(calls).toHaveLength(1);
    expect(moderatorCoverage(room, moderators, presence.get("!r:hs")!)).toEqual({ missing: ["@away:hs"], invited: ["@invited:hs"], belowLevel: ["@in:hs", "@low:hs"] });
  });

  it("settles from what is known: everything with invites listed, only the joined without", () => {
    expect(knownPresence("!1", mods, null).ask).toEqual(["@a:hs", "@b:hs"]);
    const joined = new Map([["@a:hs", new Set(["!1"])]]);
    expect(knownPresence("!1", mods, { joined, invited: null }).ask).toEqual(["@b:hs"]);
    expect(knownPresence("!1", mods, { joined, invited: new Map() })).toEqual({ joined: new Set(["@a:hs"]), invited: new Set(), ask: [] });
  });
});
