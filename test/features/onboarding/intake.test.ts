import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { authentikEnv, liftBotLimits, memberEvents, membershipIn, waitForJob } from "../sync/helpers.ts";
import { intakeRoomWith } from "./intake-room.ts";
import { intakeJob } from "../../../server/features/onboarding/intake-job.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

const hs = inject("synapse");

describe("the intake room flow", () => {
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;
  let token: string;
  let intake: { roomId: string; alias: string; waiting: Person[] };
  let kim: Person;
  let noah: Person;
  let firstPlan: any;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 1 });
    await liftBotLimits(c);
    intake = await intakeRoomWith(c, ["kim", "noah"]);
    [kim, noah] = intake.waiting as [Person, Person];
    // A member of the community also sits in the intake room: already onboarded, so not listed.
    await c.members[0]!.client.join(intake.roomId);
    fake = await FakeAuthentik.start({ groups: ["gardeners"] });
    fake.addUser({ username: "kim", name: "Kim Gardener", groups: ["gardeners"] });
    dash = await startDashboard(c, authentikEnv(fake, c, { INTAKE_ROOM: intake.alias }));
    token = await signIn(dash, c.moderators[0]!);
    const mapped = await dash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token, body: { group: "gardeners", rooms: [c.rooms[0]!.roomId] } });
    expect(mapped.status).toBe(200);
    await dash.api("POST", "/api/actions/sync.set-welcome-template/apply", { token, body: { template: "Welcome {displayName}!" } });
  });
  afterAll(async () => {
    await dash?.close();
    await fake?.stop();
  });

  it("lists who waits in the intake room and is not yet in the default room", async () => {
    const res = await dash.api("GET", "/api/onboarding/intake", { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ configured: true, intakeRoomId: intake.roomId, defaultRoomId: c.defaultRoom.roomId });
    expect(res.body.candidates).toEqual([
      { userId: kim.userId, displayName: "Kim" },
      { userId: noah.userId, displayName: "Noah" },
    ]);
  });

  it("plans the rooms from Authentik groups for people Authentik knows, the default room for others", async () => {
    const res = await dash.api("POST", "/api/actions/onboarding.approve-intake/plan", { token, body: { users: [kim.userId, noah.userId, c.members[0]!.userId.replace("member1", "nobody")] } });
    expect(res.status).toBe(200);
    firstPlan = res.body.plan;
    const [k, n] = res.body.plan.people;
    expect(k).toMatchObject({ userId: kim.userId, authentikUsername: "kim", welcome: "Welcome Kim!" });
    expect(k.rooms.map((r: any) => r.roomId)).toEqual([c.defaultRoom.roomId, c.rooms[0]!.roomId]);
    expect(n).toMatchObject({ userId: noah.userId, authentikUsername: null, welcome: "Welcome Noah!" });
    expect(n.rooms.map((r: any) => r.roomId)).toEqual([c.defaultRoom.roomId]);
    expect(res.body.plan.notWaiting).toHaveLength(1);
  });

  it("invites, welcomes once, says goodbye and removes them from the intake room; a second approval does nothing", async () => {
    const body = { users: [kim.userId, noah.userId], idempotencyKey: "intake-test-1" };
    const res = await dash.api("POST", "/api/actions/onboarding.approve-intake/apply", { token, body });
    expect(res.status).toBe(200);
    const job = await waitForJob(dash, token, res.body.result.jobId);
    expect(job).toMatchObject({ total: 2, done: 2, failed: 0 });
    // Approving again finds nobody waiting: no second job.
    const again = await dash.api("POST", "/api/actions/onboarding.approve-intake/apply", { token, body: { users: body.users } });
    expect(again.body.plan.notWaiting).toEqual(body.users);
    expect(again.body.result.jobId).toBeNull();
    // The job's items run again (as after a crash): every step sees it is done and repeats nothing.
    const items = (await dash.api("GET", `/api/jobs/${job.id}/items`, { token })).body;
    const rerun = await intakeJob.runItem({ caps: intakeJob.capabilities(dash.ctx), logger: silentLogger(), job }, null, {
      seq: items[0].seq,
      key: kim.userId,
      attempts: 1,
      data: { person: firstPlan.people[0], intakeRoomId: intake.roomId, defaultRoomId: c.defaultRoom.roomId },
    });
    expect(rerun.state).toBe("skipped");

    expect(await membershipIn(c, c.defaultRoom.roomId, kim.userId)).toBe("invite");
    expect(await membershipIn(c, c.rooms[0]!.roomId, kim.userId)).toBe("invite");
    expect(await membershipIn(c, c.defaultRoom.roomId, noah.userId)).toBe("invite");
    expect(await membershipIn(c, c.rooms[0]!.roomId, noah.userId)).toBeNull();
    for (const p of [kim, noah]) {
      const kicked = await c.bot.client.state(intake.roomId, "m.room.member", p.userId);
      expect(kicked.membership).toBe("leave");
      expect(kicked.reason).toMatch(/let into the community/);
      expect(await memberEvents(c, c.defaultRoom.roomId, p.userId, "invite")).toBe(1);
    }
    const welcomes = (await c.bot.client.messages(c.defaultRoom.roomId)).filter((e) => e.type === "m.room.message" && /^Welcome (Kim|Noah)!$/.test(e.content.body));
    expect(welcomes.map((e) => e.content.body).sort()).toEqual(["Welcome Kim!", "Welcome Noah!"]);
    const farewells = (await c.bot.client.messages(intake.roomId)).filter((e) => e.type === "m.room.message");
    expect(farewells).toHaveLength(2);

    expect((await dash.api("GET", "/api/onboarding/intake", { token })).body.candidates).toEqual([]);
    // Back in the intake room after being let in: still onboarded, and the sync does not welcome again.
    const replan = await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body: { users: ["kim"] } });
    expect(replan.body.plan.counts).not.toHaveProperty("welcome");
    expect(replan.body.plan.counts).not.toHaveProperty("invite");
  });

  it("refuses clearly when no intake room is configured", async () => {
    const plain = await startDashboard(c);
    try {
      const t = await signIn(plain, c.moderators[0]!);
      expect((await plain.api("GET", "/api/onboarding/intake", { token: t })).body).toMatchObject({ configured: false, said: { code: "intakeNotConfiguredHint" } });
      const res = await plain.api("POST", "/api/actions/onboarding.approve-intake/plan", { token: t, body: { users: [kim.userId] } });
      expect(res.status).toBe(409);
      expect(res.body.error.hint).toContain("INTAKE_ROOM");
    } finally {
      await plain.close();
    }
  });
});
