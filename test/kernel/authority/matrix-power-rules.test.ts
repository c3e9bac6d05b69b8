import { describe, expect, it } from "vitest";
import { powerLevelsChangeAllowed, requiredToChangePowerLevels } from "../../../server/kernel/authority/matrix-power-rules.ts";
import type { CreateContent, PowerLevelsContent } from "../../../server/kernel/matrix/power-levels.ts";

const ADMIN = "@admin:example.org";
const MOD = "@mod:example.org";
const MOD2 = "@mod2:example.org";
const MEMBER = "@member:example.org";
const CREATOR = "@creator:example.org";

// A moderator room as Synapse's private_chat preset makes it: power levels changes need 100.
const base: PowerLevelsContent = {
  users: { [ADMIN]: 100, [MOD]: 50, [MOD2]: 50 },
  users_default: 0,
  events: { "m.room.power_levels": 100, "m.room.name": 50 },
  events_default: 0,
  state_default: 50,
  ban: 50,
  kick: 50,
  redact: 50,
  invite: 0,
};
const v10: { sender: string; content: CreateContent } = { sender: CREATOR, content: { room_version: "10", creator: CREATOR } };
const v12 = { sender: CREATOR, content: { room_version: "12" } };
const withUser = (pl: PowerLevelsContent, user: string, level: number | undefined): PowerLevelsContent => {
  const users = { ...pl.users };
  if (level === undefined) delete users[user];
  else users[user] = level;
  return { ...pl, users };
};
const judge = (sender: string, after: PowerLevelsContent, o: { before?: PowerLevelsContent | null; create?: typeof v10; actingLevel?: number } = {}) =>
  powerLevelsChangeAllowed({ sender, create: o.create ?? v10, before: o.before === undefined ? base : o.before, after, actingLevel: o.actingLevel });

describe("Matrix's authorization rules for m.room.power_levels, judged for a sender", () => {
  it("refuses a level-50 moderator granting 50 where the room asks 100 for power-level changes", () => {
    const v = judge(MOD, withUser(base, MEMBER, 50));
    expect(v).toEqual({ ok: false, reason: expect.stringContaining("needs level 100") });
  });

  it("lets an admin at 100 grant 50 and 100, but not 101", () => {
    expect(judge(ADMIN, withUser(base, MEMBER, 50)).ok).toBe(true);
    expect(judge(ADMIN, withUser(base, MEMBER, 100)).ok).toBe(true);
    expect(judge(ADMIN, withUser(base, MEMBER, 101))).toEqual({ ok: false, reason: expect.stringContaining("above their own level (100)") });
  });

  it("refuses changing or removing someone at the sender's own level, but lets the sender lower themselves", () => {
    const peer = { ...base, users: { ...base.users, [MOD2]: 100 } };
    expect(judge(ADMIN, withUser(peer, MOD2, 0), { before: peer })).toEqual({ ok: false, reason: expect.stringContaining("at or above their own") });
    expect(judge(ADMIN, withUser(peer, MOD2, undefined), { before: peer }).ok).toBe(false);
    expect(judge(ADMIN, withUser(base, ADMIN, 50)).ok).toBe(true);
  });

  it("allows a sender at the required level to grant only up to their own level when the room asks less", () => {
    const lax = { ...base, events: { "m.room.power_levels": 50 } };
    expect(judge(MOD, withUser(lax, MEMBER, 50), { before: lax }).ok).toBe(true);
    expect(judge(MOD, withUser(lax, MEMBER, 51), { before: lax }).ok).toBe(false);
    expect(judge(MOD, withUser(lax, MOD2, 0), { before: lax }).ok).toBe(false);
  });

  it("guards the room's settings, events and notifications the same way", () => {
    const lax = { ...base, events: { "m.room.power_levels": 50 }, notifications: { room: 75 } };
    expect(judge(MOD, { ...lax, ban: 100 }, { before: lax }).ok).toBe(false);
    expect(judge(MOD, { ...lax, kick: 0 }, { before: lax }).ok).toBe(true);
    expect(judge(MOD, { ...lax, events: { ...lax.events, "m.room.topic": 80 } }, { before: lax }).ok).toBe(false);
    expect(judge(MOD, { ...lax, notifications: { room: 0 } }, { before: lax }).ok).toBe(false);
  });

  it("judges at the lesser level the sender acts with (an API token), never above the room's", () => {
    expect(judge(ADMIN, withUser(base, MEMBER, 50), { actingLevel: 0 })).toEqual({ ok: false, reason: expect.stringContaining("has 0") });
    expect(judge(MOD, withUser(base, MEMBER, 50), { actingLevel: 100 }).ok).toBe(false);
  });

  it("in room version 10 the creator is only as strong as their entry", () => {
    const before = withUser(base, CREATOR, 50);
    expect(judge(CREATOR, withUser(before, MEMBER, 50), { before, create: v10 }).ok).toBe(false);
  });

  it("in room version 12 creators have unlimited power and may not be listed in users", () => {
    expect(judge(CREATOR, withUser(base, MEMBER, 100), { create: v12 }).ok).toBe(true);
    expect(judge(CREATOR, withUser(base, ADMIN, 0), { create: v12 }).ok).toBe(true);
    expect(judge(ADMIN, withUser(base, CREATOR, 50), { create: v12 })).toEqual({ ok: false, reason: expect.stringContaining("creators cannot be given a level") });
    // additional_creators count as creators too.
    const co = { sender: CREATOR, content: { room_version: "12", additional_creators: [MOD] } };
    const withoutMod = withUser(base, MOD, undefined);
    expect(judge(MOD, withUser(withoutMod, MEMBER, 100), { create: co, before: withoutMod }).ok).toBe(true);
  });

  it("without a power-levels event anyone may send the first one (state_default is 0), creators included", () => {
    expect(requiredToChangePowerLevels(null)).toBe(0);
    expect(judge(MEMBER, { users: { [MEMBER]: 0 } }, { before: null }).ok).toBe(true);
    expect(requiredToChangePowerLevels({ state_default: 30 })).toBe(30);
  });
});
