import type { Community } from "../../synapse/community.ts";
import type { TestDashboard } from "../../helpers/dashboard.ts";
import { MatrixRequestError } from "../../synapse/client.ts";

export { authentikEnv, liftBotLimits } from "../../helpers/authentik-community.ts";

export const mxid = (c: Community, username: string) => `@${c.tag}-${username}:${c.hs.serverName}`;

export async function waitForJob(dash: Pick<TestDashboard, "api">, token: string, jobId: string, until: (job: any) => boolean = (j) => j.state === "done", timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await dash.api("GET", `/api/jobs/${jobId}`, { token });
    if (res.status === 200 && until(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`job did not get there: ${res.text}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Plans, applies the whole plan, and waits for its job; returns the plan that was applied. */
export async function planAndApply(dash: Pick<TestDashboard, "api">, token: string, body: Record<string, unknown> = {}) {
  const res = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body });
  if (res.status !== 200) throw new Error(`apply failed: ${res.status} ${res.text}`);
  const job = res.body.result.jobId ? await waitForJob(dash, token, res.body.result.jobId) : null;
  if (job?.failed) {
    const failed = (await dash.api("GET", `/api/jobs/${job.id}/items?state=failed`, { token })).body;
    throw new Error(`${job.failed} sync items failed: ${failed.map((i: any) => `${i.key}: ${i.message}`).join("; ")}`);
  }
  return { plan: res.body.plan, result: res.body.result, job };
}

/** Every change of a stored plan, read through the paging API kind by kind (small pages, so paging is exercised). */
export async function changesOf(dash: Pick<TestDashboard, "api">, token: string, summary: { planId: string; counts: Record<string, number> }): Promise<any[]> {
  const changes: any[] = [];
  for (const kind of Object.keys(summary.counts)) {
    for (let offset: number | null = 0; offset !== null; ) {
      const res: { status: number; body: any; text: string } = await dash.api("GET", `/api/sync/plans/${summary.planId}/changes?kind=${kind}&offset=${offset}&limit=3`, { token });
      if (res.status !== 200) throw new Error(`reading the plan failed: ${res.status} ${res.text}`);
      changes.push(...res.body.changes);
      offset = res.body.next;
    }
  }
  return changes;
}

/** Plans (stored server-side) and returns its summary with every change read back in pages. */
export async function plan(dash: Pick<TestDashboard, "api">, token: string, body: Record<string, unknown> = {}) {
  const res = await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body });
  if (res.status !== 200) throw new Error(`plan failed: ${res.status} ${res.text}`);
  return { ...res.body.plan, changes: await changesOf(dash, token, res.body.plan) };
}

export async function accountOf(c: Community, userId: string): Promise<any | null> {
  try {
    return await c.bot.client.request("GET", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`);
  } catch (err) {
    if (err instanceof MatrixRequestError && err.status === 404) return null;
    throw err;
  }
}

export async function membershipIn(c: Community, roomId: string, userId: string): Promise<string | null> {
  try {
    return (await c.bot.client.state(roomId, "m.room.member", userId)).membership;
  } catch (err) {
    if (err instanceof MatrixRequestError && err.status === 404) return null;
    throw err;
  }
}

export async function levelIn(c: Community, roomId: string, userId: string): Promise<number> {
  const pl = await c.bot.client.state(roomId, "m.room.power_levels");
  return pl.users?.[userId] ?? pl.users_default ?? 0;
}

/** Membership events for one person in a room's timeline: proves an invite was sent once. */
export async function memberEvents(c: Community, roomId: string, userId: string, membership: string): Promise<number> {
  const events = await c.bot.client.messages(roomId, 1000);
  return events.filter((e: any) => e.type === "m.room.member" && e.state_key === userId && e.content.membership === membership).length;
}
