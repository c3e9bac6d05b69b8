import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";

const hs = inject("synapse");
const METRICS_TOKEN = "metrics-secret-0123456789";

describe("Prometheus metrics", () => {
  let c: Community;
  let dash: TestDashboard;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    dash = await startDashboard(c, { METRICS_TOKEN });
  });
  afterAll(() => dash?.close());

  it("counts actions by result and Matrix request latency, behind its token", async () => {
    const token = await signIn(dash, c.moderators[0]!);
    await dash.api("POST", "/api/actions/rooms.create/apply", { token, body: { template: "test" } });
    await dash.api("POST", "/api/actions/rooms.create/apply", { token, body: { template: "community", name: "x", alias: c.defaultRoom.alias.slice(1).split(":")[0] } });
    expect((await fetch(`${dash.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${dash.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    expect(text).toContain('dashboard_actions_total{action="rooms.create",result="ok"} 1');
    expect(text).toMatch(/dashboard_matrix_request_duration_seconds_count\{method="POST",endpoint="\/_matrix\/client\/v3\/createRoom",outcome="ok"\} [1-9]/);
    expect(text).toContain("dashboard_matrix_rate_limited_total");
    expect(text).not.toContain(c.bot.accessToken);
  });
});
