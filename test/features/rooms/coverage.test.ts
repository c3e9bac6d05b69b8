import { describe, expect, it } from "vitest";
import { emptyRoomState } from "../../../server/kernel/matrix/room-state.ts";
import { moderatorCoverage } from "../../../server/features/rooms/coverage.ts";

const room = { ...emptyRoomState("!r:hs"), create: { room_version: "10" } as any, creator: "@bot:hs", powerLevels: { users: { "@bot:hs": 100, "@low:hs": 0 } } as any };
const moderators = ["@in:hs", "@invited:hs", "@away:hs", "@low:hs"].map((userId) => ({ userId, level: 50 }));

describe("moderator coverage", () => {
  it("tells missing from invited from below level, when membership is known", () => {
    const joined = new Map([
      ["@in:hs", new Set(["!r:hs"])],
      ["@low:hs", new Set(["!r:hs"])],
    ]);
    const withIn = { ...room, powerLevels: { users: { ...room.powerLevels.users, "@in:hs": 50 } } };
    expect(moderatorCoverage(withIn, moderators, joined, new Set(["@invited:hs"]))).toEqual({ missing: ["@away:hs"], invited: ["@invited:hs"], belowLevel: ["@low:hs"] });
  });

  it("names nobody missing when membership is unknown, only levels", () => {
    expect(moderatorCoverage(room, moderators, null).missing).toEqual([]);
    expect(moderatorCoverage(room, moderators, null).belowLevel).toEqual(moderators.map((m) => m.userId));
  });
});
