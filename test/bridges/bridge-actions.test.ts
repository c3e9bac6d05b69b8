import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../fakes/mautrix-signal/test-bed.ts";

type StateEvent = { type: string; state_key: string; content: any };
const LOGIN = { id: "+15550001111", name: "Community Signal", state: "CONNECTED" };

describe("bridging rooms with Signal groups through mautrix-signal", () => {
  let bed: BridgeTestBed;
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const act = (name: string, mode: "plan" | "apply", body: unknown) => dash.api("POST", `/api/actions/${name}/${mode}`, { token, body });
  const state = (roomId: string): Promise<StateEvent[]> => c.bot.client.allState(roomId);
  const bridgeOf = (events: StateEvent[]) => events.find((e) => e.type === "m.bridge" && e.content?.bridgebot)?.content;
  const memberOf = (events: StateEvent[], userId: string) => events.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content?.membership;
  const levelOf = (events: StateEvent[], userId: string) => events.find((e) => e.type === "m.room.power_levels")?.content?.users?.[userId];
  const health = async (roomId: string) => (await dash.api("GET", `/api/rooms/${encodeURIComponent(roomId)}`, { token })).body.room.bridgeHealth;

  beforeAll(async () => {
    bed = await startBridgeTestBed();
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 1, extraRooms: 4 });
    // Bridge commands are messages: the bot is exempted, as doctor recommends, so the limiter does not slow the suite.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    bed.bridge.state.logins.set(c.bot.userId, [LOGIN]);
    dash = await startDashboard(c, bridgeEnv(bed.bridge));
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(async () => {
    await dash?.close();
    await bed?.stop();
  });

  it("creates a Signal group for a room: bridge bot joined at 100, m.bridge written, audited", async () => {
    const room = c.rooms[0]!.roomId;
    const plan = await act("bridges.create-group", "plan", { room });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan).toMatchObject({ groupName: "Group 1", nameLimit: 32, inviteBridgeBot: true, raiseBridgeBotTo: 100, via: "provisioning" });
    expect(plan.body.plan.steps.join("\n")).toContain("limited to 32 characters");
    expect(memberOf(await state(room), bed.bridge.botUserId)).toBeUndefined();

    const res = await act("bridges.create-group", "apply", { room });
    expect(res.status, res.text).toBe(200);
    const events = await state(room);
    expect(bridgeOf(events)).toMatchObject({ bridgebot: bed.bridge.botUserId, protocol: { id: "signal" }, channel: { id: res.body.result.remoteId, displayname: "Group 1" } });
    expect(memberOf(events, bed.bridge.botUserId)).toBe("join");
    expect(levelOf(events, bed.bridge.botUserId)).toBe(100);
    expect(dash.ctx.audit.list({ action: "bridges.create-group" })[0]).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: room });
    expect(await health(room)).toMatchObject({ status: "ok", bridged: true, network: "signal", puppets: 1, relay: false });
    expect(bed.bridge.errors).toEqual([]);
  });
});
