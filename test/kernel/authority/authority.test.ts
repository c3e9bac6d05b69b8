import { describe, expect, it } from "vitest";
import { mayChangeModeratorRoom, mayGrant, permit, standingFrom, tokenStanding } from "../../../server/kernel/authority/authority.ts";
import type { Actor } from "../../../server/kernel/runtime/define-action.ts";
import { CREATOR_POWER } from "../../../server/kernel/matrix/power-levels.ts";

const t = { moderatorPowerLevel: 50, adminPowerLevel: 100 };
const room = "!mods:example.org";
const standing = (membership: string | null, powerLevel: number) => standingFrom({ userId: "@a:example.org", membership, powerLevel, moderatorRoomId: room }, t);
const action = (permission: "moderator" | "admin", name = "rooms.set-power-level") => ({ name, family: "rooms" as const, permission });

describe("the authority's rules", () => {
  it("gives standing only to joined members at the level: the level alone never makes a moderator", () => {
    expect(standing("join", 50)).toMatchObject({ role: "moderator", refusal: null });
    expect(standing("join", 100)).toMatchObject({ role: "admin", refusal: null });
    expect(standing("join", CREATOR_POWER)).toMatchObject({ role: "admin" });
    expect(standing("join", 49)).toMatchObject({ role: "none", refusal: expect.stringContaining("50 needed") });
    expect(standing("ban", 50)).toMatchObject({ role: "none", refusal: expect.stringContaining("is not a moderator: banned from the moderator room") });
    expect(standing("leave", 100)).toMatchObject({ role: "none", refusal: expect.stringContaining("has left") });
    expect(standing("invite", 50)).toMatchObject({ role: "none", refusal: expect.stringContaining("only invited") });
    expect(standing("knock", 50).role).toBe("none");
    expect(standing(null, 50)).toMatchObject({ role: "none", refusal: expect.stringContaining("is not a moderator: not a member") });
  });

  it("lets a token act with the lesser of its grant and its creator's standing, and suspends it when the creator lost standing", () => {
    const token = { name: "ci", powerLevel: 100, createdBy: "@a:example.org" };
    expect(tokenStanding(token, standing("join", 100))).toMatchObject({ ok: true, powerLevel: 100 });
    expect(tokenStanding(token, standing("join", 50))).toMatchObject({ ok: true, powerLevel: 50 });
    expect(tokenStanding({ ...token, powerLevel: 50 }, standing("join", CREATOR_POWER))).toMatchObject({ ok: true, powerLevel: 50 });
    expect(tokenStanding(token, standing("join", 0))).toMatchObject({ ok: false, reason: expect.stringMatching(/"ci" is suspended: .*power level 0/) });
    expect(tokenStanding(token, standing("ban", 100))).toMatchObject({ ok: false, reason: expect.stringContaining("banned") });
  });

  it("checks scope and level for people and tokens, and keeps the system to what it is listed for", () => {
    const mod: Actor = { kind: "session", id: "@m:x", userId: "@m:x", powerLevel: 50 };
    expect(() => permit(action("moderator"), mod, t)).not.toThrow();
    expect(() => permit(action("admin"), mod, t)).toThrow(/needs power level 100/);
    const token: Actor = { kind: "token", id: "token:ci", userId: "@m:x", powerLevel: 100, scopes: ["read"] };
    expect(() => permit(action("moderator"), token, t)).toThrow(/lacks the "rooms" scope/);
    const receiver: Actor = { kind: "system", id: "authentik-scim", powerLevel: CREATOR_POWER };
    expect(() => permit({ name: "sync.accounts", family: "sync", permission: "moderator" }, receiver, t)).not.toThrow();
    expect(() => permit(action("moderator"), receiver, t)).toThrow(/acts as the system and may not run rooms.set-power-level/);
    expect(() => permit({ name: "tokens.create", family: "admin", permission: "admin" }, { ...receiver, id: "authentik-push" }, t)).toThrow(/system/);
    expect(() => permit({ name: "widget.install", family: "admin", permission: "admin" }, { kind: "system", id: "cli:install-widget", powerLevel: CREATOR_POWER }, t)).not.toThrow();
  });

  it("lets the system enforce the ban lists only while an admin has turned automatic enforcement on, and nothing else", () => {
    const auto: Actor = { kind: "system", id: "policy-lists:auto-enforce", powerLevel: CREATOR_POWER };
    const enforce = { name: "policy-lists.enforce", family: "policy-lists", permission: "moderator" } as const;
    expect(() => permit(enforce, auto, t)).toThrow(/only while an admin has turned "policy.auto_enforce" on/);
    expect(() => permit(enforce, auto, t, (name) => name === "policy.auto_enforce")).not.toThrow();
    expect(() => permit(enforce, auto, t, (name) => name === "something.else")).toThrow(/only while/);
    const on = () => true;
    expect(() => permit({ name: "policy-lists.add-rule", family: "policy-lists", permission: "moderator" }, auto, t, on)).toThrow(/may not run policy-lists.add-rule/);
    expect(() => permit({ name: "moderation.ban", family: "moderation", permission: "moderator" }, auto, t, on)).toThrow(/may not run moderation.ban/);
    expect(() => permit(enforce, { ...auto, id: "authentik-schedule" }, t, on)).toThrow(/may not run policy-lists.enforce/);
  });

  it("never lets a person grant above their own level", () => {
    const mod: Actor = { kind: "session", id: "@m:x", userId: "@m:x", powerLevel: 50 };
    expect(mayGrant(mod, 50).ok).toBe(true);
    expect(mayGrant(mod, 51)).toEqual({ ok: false, reason: expect.stringContaining("above your own (50)") });
  });

  it("judges a moderator-room change as if the actor (at the level they act with) sent it", () => {
    const create = { sender: "@bot:x", content: { room_version: "12" } };
    const before = { users: { "@admin:x": 100, "@m:x": 50 }, events: { "m.room.power_levels": 100 } };
    const after = { ...before, users: { ...before.users, "@new:x": 50 } };
    const admin: Actor = { kind: "session", id: "@admin:x", userId: "@admin:x", powerLevel: 100 };
    expect(mayChangeModeratorRoom(admin, create, before, after).ok).toBe(true);
    expect(mayChangeModeratorRoom({ ...admin, id: "@m:x", userId: "@m:x", powerLevel: 50 }, create, before, after)).toEqual({ ok: false, reason: expect.stringContaining("needs level 100") });
    // A token made by the admin acts at its creator's current level: here demoted to 0.
    expect(mayChangeModeratorRoom({ kind: "token", id: "token:ci", userId: "@admin:x", powerLevel: 0, scopes: ["rooms"] }, create, before, after).ok).toBe(false);
    expect(mayChangeModeratorRoom({ kind: "system", id: "authentik-push", powerLevel: CREATOR_POWER }, create, before, after).ok).toBe(true);
  });
});
