import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community, type Person } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";
import { runCli } from "../helpers/run-cli.ts";
import { FakeAuthentik } from "../fakes/authentik/fake-authentik.ts";

const hs = inject("synapse");

/**
 * The authority rules of issue #14 (rules 1, 2 and 4), each tried the way an attacker would,
 * through each front door; every refusal is followed by reading Synapse back: nothing changed.
 */
describe("authority: nobody gets more power through the dashboard than the community gave them", () => {
  let c: Community;
  let dash: TestDashboard;
  let botSession: string;
  let mod: Person;
  let admin: Person;
  let outsider: Person;
  let modRoom: string;
  let groupRoom: string;

  // Synapse, read by the bot: a user's entry in a room's power levels and membership.
  const levelIn = async (room: string, user: string) => ((await c.bot.client.state(room, "m.room.power_levels")).users ?? {})[user] as number | undefined;
  const membershipIn = async (room: string, user: string) => (await c.bot.client.state(room, "m.room.member", user)).membership as string;
  const setLevel = (session: string, room: string, user: string, level: number, mode: "plan" | "apply" = "apply") =>
    dash.api("POST", `/api/actions/rooms.set-power-level/${mode}`, { token: session, body: { room, user, level } });
  const ban = (room: string, user: string) => c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/ban`, { user_id: user, reason: "test" });
  const unban = (room: string, user: string) => c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/unban`, { user_id: user });
  const kick = (room: string, user: string) => c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/kick`, { user_id: user, reason: "test" });
  const cli = (token: string, ...args: string[]) => runCli("server/entry/cli/main.ts", args, { env: { ENV_FILE: "/nonexistent/.env", DASHBOARD_URL: dash.url, DASHBOARD_TOKEN: token } });
  const createToken = async (name: string, scopes: string[], by: string) => {
    const res = await dash.api("POST", "/api/actions/tokens.create/apply", { token: by, body: { name, scopes } });
    expect(res.status, res.text).toBe(200);
    return res.body.result.token as string;
  };

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 5, members: 1, extraRooms: 1 });
    [mod, admin] = [c.moderators[0]!, c.moderators[1]!];
    outsider = c.members[0]!;
    modRoom = c.moderatorRoom.roomId;
    groupRoom = c.defaultRoom.roomId;
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    // A human admin: level 100 in the moderator room (the bot is its creator, room v12).
    await c.bot.client.setPowerLevel(modRoom, admin.userId, 100);
    dash = await startDashboard(c, { API_RATE_LIMIT_PER_MINUTE: "600" });
    botSession = await signIn(dash, c.bot);
  });
  afterAll(() => dash?.close());

  describe("rule 1: the moderator room is the root of trust (joined AND level)", () => {
    it("a moderator banned from the moderator room (level entry still 50) loses the session at the next request and cannot sign in again", async () => {
      const banned = c.moderators[2]!;
      const session = await signIn(dash, banned);
      expect((await dash.api("GET", "/api/me", { token: session })).status).toBe(200);
      await ban(modRoom, banned.userId);
      expect(await levelIn(modRoom, banned.userId)).toBe(50);
      expect(await membershipIn(modRoom, banned.userId)).toBe("ban");

      const me = await dash.api("GET", "/api/me", { token: session });
      expect(me.status).toBe(403);
      expect(me.body.error.message).toContain(`${banned.userId} is not a moderator: banned from the moderator room`);
      const act = await setLevel(session, groupRoom, outsider.userId, 20);
      expect(act.status).toBe(403);
      expect(await levelIn(groupRoom, outsider.userId)).toBeUndefined();

      const again = await dash.api("POST", "/api/session", { body: { openIdToken: await banned.client.openIdToken() } });
      expect(again.status).toBe(403);
      expect(again.body.error.message).toContain("is not a moderator: banned from the moderator room");
      expect(dash.ctx.audit.list({ action: "session.create" })[0]).toMatchObject({ actor: banned.userId, result: "error" });
    });

    it("a moderator who left, or was kicked, loses the session too; joining again restores it", async () => {
      const leaver = c.moderators[3]!;
      const session = await signIn(dash, leaver);
      await leaver.client.leave(modRoom);
      const left = await dash.api("GET", "/api/me", { token: session });
      expect(left.status).toBe(403);
      expect(left.body.error.message).toContain("has left");
      expect((await dash.api("POST", "/api/session", { body: { openIdToken: await leaver.client.openIdToken() } })).status).toBe(403);

      await c.bot.client.invite(modRoom, leaver.userId);
      const invited = await dash.api("GET", "/api/me", { token: session });
      expect(invited.status).toBe(403);
      expect(invited.body.error.message).toContain("only invited");
      await leaver.client.join(modRoom);
      expect((await dash.api("GET", "/api/me", { token: session })).status).toBe(200);

      await kick(modRoom, leaver.userId);
      expect(await membershipIn(modRoom, leaver.userId)).toBe("leave");
      expect((await dash.api("GET", "/api/me", { token: session })).status).toBe(403);
    });
  });

  describe("rule 2: changes to the moderator room follow Matrix's rules for the actor", () => {
    it("a level-50 moderator cannot grant 50 in the moderator room through rooms.set-power-level, and the widget says so before the attempt", async () => {
      const session = await signIn(dash, mod);
      // Someone below the moderator there (invited, level 0): the guardrails alone would let a moderator raise them.
      await c.bot.client.invite(modRoom, outsider.userId);
      const detail = await dash.api("GET", `/api/rooms/${encodeURIComponent(modRoom)}`, { token: session });
      expect(detail.status, detail.text).toBe(200);
      const row = detail.body.members.find((m: any) => m.userId === outsider.userId);
      expect(row.canChangeLevel).toMatchObject({ ok: false, by: "moderator", reason: expect.stringContaining("needs level 100") });

      for (const mode of ["plan", "apply"] as const) {
        const res = await setLevel(session, modRoom, outsider.userId, 50, mode);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(`Changing power levels in this room needs level 100; ${mod.userId} has 50`);
        expect(res.body.error.hint).toContain("admin act");
      }
      expect(await levelIn(modRoom, outsider.userId)).toBeUndefined();
      // Nor lower a fellow moderator there.
      expect((await setLevel(session, modRoom, c.moderators[4]!.userId, 0)).status).toBe(403);
      expect(await levelIn(modRoom, c.moderators[4]!.userId)).toBe(50);
    });

    it("an admin at 100 may make a moderator there, up to their own level, offered in the widget", async () => {
      const session = await signIn(dash, admin);
      const detail = await dash.api("GET", `/api/rooms/${encodeURIComponent(modRoom)}`, { token: session });
      const row = detail.body.members.find((m: any) => m.userId === outsider.userId);
      expect(row).toMatchObject({ canChangeLevel: { ok: true }, maxLevel: 100 });
      const res = await setLevel(session, modRoom, outsider.userId, 50);
      expect(res.status, res.text).toBe(200);
      expect(await levelIn(modRoom, outsider.userId)).toBe(50);
      expect((await setLevel(session, modRoom, outsider.userId, 0)).status).toBe(200);
      expect(await levelIn(modRoom, outsider.userId)).toBeUndefined();
    });

    it("in other rooms the guardrails hold: nothing above the actor's own level, nobody at or above it", async () => {
      const session = await signIn(dash, mod);
      const above = await setLevel(session, groupRoom, outsider.userId, 51);
      expect(above.status).toBe(403);
      expect(above.body.error.message).toContain("above your own (50)");
      const peer = await setLevel(session, groupRoom, admin.userId, 0);
      expect(peer.status).toBe(403);
      expect(peer.body.error.message).toContain("at or above your own level");
      expect(await levelIn(groupRoom, outsider.userId)).toBeUndefined();
      expect(await levelIn(groupRoom, admin.userId)).toBe(50);
      expect((await setLevel(session, groupRoom, outsider.userId, 50)).status).toBe(200);
      expect(await levelIn(groupRoom, outsider.userId)).toBe(50);
      await c.bot.client.setPowerLevel(groupRoom, outsider.userId, 0);
    });
  });

  describe("rule 2 for the sync's group mappings: syncing a group into the moderator room is granting its level there", () => {
    let fake: FakeAuthentik;
    let syncDash: TestDashboard;
    beforeAll(async () => {
      fake = await FakeAuthentik.start();
      syncDash = await startDashboard(c, { AUTHENTIK_URL: fake.url, AUTHENTIK_TOKEN: fake.token, AUTHENTIK_SYNC_INTERVAL_MINUTES: "0" });
    });
    afterAll(async () => {
      await syncDash?.close();
      await fake?.stop();
    });

    it("a level-50 moderator cannot map a level-50 group into the moderator room; an admin can", async () => {
      const communityAdmin = await signIn(syncDash, c.bot);
      const status = () => syncDash.api("GET", "/api/sync/status", { token: communityAdmin }).then((r) => r.body);
      expect((await syncDash.api("POST", "/api/actions/sync.map-group-level/apply", { token: communityAdmin, body: { group: "staff", level: 50 } })).status).toBe(200);
      const before = await c.bot.client.state(modRoom, "m.room.power_levels");

      const moderator = await signIn(syncDash, mod);
      const refused = await syncDash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token: moderator, body: { group: "staff", rooms: [modRoom] } });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(`Changing power levels in this room needs level 100; ${mod.userId} has 50`);
      expect((await status()).groupRooms.staff).toBeUndefined();
      expect(await c.bot.client.state(modRoom, "m.room.power_levels")).toEqual(before);
      // Other rooms stay a moderator's call.
      expect((await syncDash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token: moderator, body: { group: "staff", rooms: [groupRoom] } })).status).toBe(200);

      const allowed = await syncDash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token: await signIn(syncDash, admin), body: { group: "staff", rooms: [modRoom] } });
      expect(allowed.status, allowed.text).toBe(200);
      expect((await status()).groupRooms.staff).toEqual([modRoom]);
    });
  });

  describe("rule 4: API tokens act with the lesser of their grant and their creator's current standing", () => {
    it("a rooms-scoped token made by an admin no longer grants 100 in the moderator room once that admin was set to 0 (API and CLI), and shows as suspended", async () => {
      const creator = c.moderators[4]!;
      await c.bot.client.setPowerLevel(modRoom, creator.userId, 100);
      const token = await createToken("ops", ["rooms", "read"], await signIn(dash, creator));
      // While the creator stands, it works.
      expect((await setLevel(token, modRoom, outsider.userId, 100)).status).toBe(200);
      expect(await levelIn(modRoom, outsider.userId)).toBe(100);
      await c.bot.client.setPowerLevel(modRoom, outsider.userId, 0);

      await c.bot.client.setPowerLevel(modRoom, creator.userId, 0);
      const api = await setLevel(token, modRoom, outsider.userId, 100);
      expect(api.status).toBe(403);
      expect(api.body.error.message).toContain(`The API token "ops" is suspended: ${creator.userId} is not a moderator: power level 0`);
      expect((await dash.api("GET", "/api/rooms", { token })).status).toBe(403);
      const viaCli = await cli(token, "action", "rooms.set-power-level", JSON.stringify({ room: modRoom, user: outsider.userId, level: 100 }));
      expect(viaCli.code).toBe(1);
      expect(viaCli.stderr).toContain('The API token "ops" is suspended');
      expect(await levelIn(modRoom, outsider.userId)).toBe(0);

      const listed = await dash.api("GET", "/api/tokens", { token: botSession });
      expect(listed.body.find((t: any) => t.name === "ops")).toMatchObject({ suspended: expect.stringContaining("power level 0"), actsAtLevel: null });
    });

    it("a creator demoted to moderator makes the token act at 50: Matrix's rules then refuse it in the moderator room (API and CLI), guardrails elsewhere", async () => {
      const creator = admin;
      const token = await createToken("half", ["rooms", "read"], await signIn(dash, creator));
      await c.bot.client.setPowerLevel(modRoom, creator.userId, 50);
      try {
        expect((await dash.api("GET", "/api/rooms", { token })).status).toBe(200);
        const api = await setLevel(token, modRoom, outsider.userId, 50);
        expect(api.status).toBe(403);
        expect(api.body.error.message).toContain("needs level 100");
        const viaCli = await cli(token, "action", "rooms.set-power-level", JSON.stringify({ room: modRoom, user: outsider.userId, level: 50 }));
        expect(viaCli.code).toBe(1);
        expect(viaCli.stderr).toContain("needs level 100");
        expect(await levelIn(modRoom, outsider.userId)).toBe(0);
        const elsewhere = await setLevel(token, groupRoom, outsider.userId, 100);
        expect(elsewhere.status).toBe(403);
        expect(elsewhere.body.error.message).toContain("above your own (50)");
        expect(await levelIn(groupRoom, outsider.userId)).toBe(0);
        const listed = await dash.api("GET", "/api/tokens", { token: botSession });
        expect(listed.body.find((t: any) => t.name === "half")).toMatchObject({ suspended: null, actsAtLevel: 50, powerLevel: 100 });

        // Banned: the token stops, naming why.
        await ban(modRoom, creator.userId);
        const stopped = await dash.api("GET", "/api/rooms", { token });
        expect(stopped.status).toBe(403);
        expect(stopped.body.error.message).toContain(`The API token "half" is suspended: ${creator.userId} is not a moderator: banned from the moderator room`);
      } finally {
        await unban(modRoom, creator.userId).catch(() => undefined);
        await c.bot.client.invite(modRoom, creator.userId).catch(() => undefined);
        await creator.client.join(modRoom).catch(() => undefined);
        await c.bot.client.setPowerLevel(modRoom, creator.userId, 100);
      }
    });
  });
});
