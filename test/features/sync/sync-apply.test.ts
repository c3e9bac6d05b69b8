import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Community } from "../../synapse/community.ts";
import type { TestDashboard } from "../../helpers/dashboard.ts";
import type { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { authentikCommunity, type AuthentikCommunity } from "../../helpers/authentik-community.ts";
import { accountOf, levelIn, membershipIn, memberEvents, mxid, plan, planAndApply } from "./helpers.ts";

const hs = inject("synapse");

describe("Authentik sync: plan, apply, plan again", () => {
  let community: AuthentikCommunity;
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;
  let token: string;
  let games: string;

  beforeAll(async () => {
    community = await authentikCommunity(hs, {
      community: { extraRooms: 1 },
      fake: { groups: ["moderators", "gamers"] },
      people: [
        { username: "alice", name: "Alice Liddell", groups: ["gamers"] },
        { username: "bob", name: "Bob Builder", groups: ["moderators"] },
        { username: "carol", name: "Carol" },
        { username: "dave", name: "Dave", groups: ["gamers"] },
        { username: "svc", name: "A robot", type: "service_account" },
      ],
      env: { AUTHENTIK_GROUP_REMOVAL_POLICY: "kick", AUTHENTIK_DEACTIVATION_POLICY: "remove" },
    });
    ({ c, fake, dash, token } = community);
    games = c.rooms[0]!.roomId;
    const mapped = await dash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token, body: { group: "gamers", rooms: [c.rooms[0]!.alias] } });
    expect(mapped.status, mapped.text).toBe(200);
  });
  afterAll(() => community?.stop());

  it("plans accounts, onboarding invites, welcomes and moderator levels without changing anything", async () => {
    const p = await plan(dash, token);
    expect(p.read).toMatchObject({ users: 5, groups: 2, incremental: false });
    expect(p.counts).toEqual({ "create-account": 4, invite: 7, welcome: 4, "set-power-level": 3 });
    expect(p.warnings).toEqual([]);
    expect(await accountOf(c, mxid(c, "alice"))).toBeNull();
    expect(p.changes.find((ch: any) => ch.kind === "create-account" && ch.userId === mxid(c, "svc"))).toBeUndefined();
  });

  it("applies it as a job, and what Synapse then holds matches Authentik", async () => {
    const { result, job } = await planAndApply(dash, token);
    expect(result).toMatchObject({ changes: 18, items: 7 });
    expect(job).toMatchObject({ state: "done", failed: 0, total: 7 });

    const alice = await accountOf(c, mxid(c, "alice"));
    expect(alice).toMatchObject({ displayname: "Alice Liddell", deactivated: false });
    expect(alice.external_ids).toEqual([{ auth_provider: "oidc-authentik", external_id: fake.user("alice").uid }]);
    expect(alice.threepids).toEqual([]);
    for (const name of ["alice", "bob", "carol", "dave"]) expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, name))).toBe("invite");
    expect(await membershipIn(c, games, mxid(c, "alice"))).toBe("invite");
    expect(await membershipIn(c, games, mxid(c, "carol"))).toBeNull();
    expect(await membershipIn(c, c.moderatorRoom.roomId, mxid(c, "bob"))).toBe("invite");
    for (const room of [c.moderatorRoom.roomId, c.defaultRoom.roomId, games]) expect(await levelIn(c, room, mxid(c, "bob"))).toBe(50);

    const welcomes = (await c.bot.client.messages(c.defaultRoom.roomId)).filter((e) => e.type === "m.room.message" && e.sender === c.bot.userId);
    expect(welcomes).toHaveLength(4);
    expect(welcomes.map((w) => w.content.body)).toContain("Welcome to the community, Alice Liddell! Say hello here, and have a look at the rooms you have been invited to.");
    expect(welcomes.find((w) => w.content.body.includes("Alice"))!.content["m.mentions"]).toEqual({ user_ids: [mxid(c, "alice")] });
  });

  it("plans nothing right after apply", async () => {
    const p = await plan(dash, token);
    expect(p.changes).toEqual([]);
    expect(p.warnings).toEqual([]);
  });

  it("applies only the chosen part of a plan", async () => {
    fake.updateUser("carol", { name: "Carol Danvers" });
    fake.addUser({ username: "erin", name: "Erin" });
    const p = await plan(dash, token);
    expect(p.counts).toEqual({ "set-display-name": 1, "create-account": 1, invite: 1, welcome: 1 });
    const { result } = await planAndApply(dash, token, { select: { kinds: ["set-display-name"] } });
    expect(result).toMatchObject({ changes: 1, counts: { "set-display-name": 1 } });
    expect((await accountOf(c, mxid(c, "carol"))).displayname).toBe("Carol Danvers");
    expect(await accountOf(c, mxid(c, "erin"))).toBeNull();

    const invite = p.changes.find((ch: any) => ch.kind === "invite").id;
    const second = await planAndApply(dash, token, { select: { ids: [invite] } });
    expect(second.result).toMatchObject({ changes: 2, addedPrerequisites: 1, counts: { "create-account": 1, invite: 1 } });
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "erin"))).toBe("invite");
    // The welcome goes with the default-room invite: leaving it out of that apply means no welcome.
    expect((await plan(dash, token)).changes).toEqual([]);
  });

  it("removes people from a group's rooms when they leave the group, and takes back levels it gave", async () => {
    fake.setGroups("dave", []);
    fake.setGroups("bob", []);
    const p = await plan(dash, token);
    expect(p.changes.map((ch: any) => ch.id).sort()).toEqual(
      [
        `kick ${games} ${mxid(c, "dave")}`,
        `kick ${c.moderatorRoom.roomId} ${mxid(c, "bob")}`,
        `set-power-level ${c.moderatorRoom.roomId} ${mxid(c, "bob")}`,
        `set-power-level ${c.defaultRoom.roomId} ${mxid(c, "bob")}`,
        `set-power-level ${games} ${mxid(c, "bob")}`,
      ].sort(),
    );
    const { job } = await planAndApply(dash, token);
    expect(job).toMatchObject({ failed: 0 });
    expect(await membershipIn(c, games, mxid(c, "dave"))).toBe("leave");
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "dave"))).toBe("invite");
    expect(await membershipIn(c, c.moderatorRoom.roomId, mxid(c, "bob"))).toBe("leave");
    expect(await levelIn(c, c.defaultRoom.roomId, mxid(c, "bob"))).toBe(0);
    expect((await plan(dash, token)).changes).toEqual([]);
  });

  it("keeps someone who left on their own out, and invites again after a kick when they are back in the group", async () => {
    fake.setGroups("dave", ["gamers"]);
    expect((await plan(dash, token)).changes.map((ch: any) => ch.id)).toEqual([`invite ${games} ${mxid(c, "dave")}`]);
    await planAndApply(dash, token);
    expect(await memberEvents(c, games, mxid(c, "dave"), "invite")).toBe(2);
  });

  it("takes a person deactivated in Authentik out of every managed room under the remove policy", async () => {
    fake.updateUser("alice", { isActive: false });
    const p = await plan(dash, token);
    expect(p.changes.map((ch: any) => ch.id).sort()).toEqual([`kick ${c.defaultRoom.roomId} ${mxid(c, "alice")}`, `kick ${games} ${mxid(c, "alice")}`].sort());
    await planAndApply(dash, token);
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "alice"))).toBe("leave");
    expect((await accountOf(c, mxid(c, "alice"))).deactivated).toBe(false);
    expect((await plan(dash, token)).changes).toEqual([]);
  });

  it("writes the audit log for apply, with counts rather than every change", async () => {
    const rows = dash.ctx.audit.list({ action: "sync.accounts" });
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.at(-1)).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: "full sync" });
    expect((rows.at(-1)!.detail as any).result).toMatchObject({ changes: 18, counts: { "create-account": 4 } });
  });
});
