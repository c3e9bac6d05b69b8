import { afterEach, describe, expect, it, vi } from "vitest";
import { DashboardApi } from "../../widget/client/api.ts";
import type { JobSnapshot } from "../../shared/jobs.ts";

const session = {
  token: "s1",
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  userId: "@mod:example.org",
  powerLevel: 50,
  requiredPowerLevel: 50,
  adminPowerLevel: 100,
  moderatorRoomId: "!m:example.org",
};
const openId = async () => ({ access_token: "openid", matrix_server_name: "example.org", token_type: "Bearer" as const });

function snapshot(state: JobSnapshot["state"], done: number): JobSnapshot {
  const at = new Date().toISOString();
  return { id: "j1", kind: "announcements.send", state, actor: "@mod:example.org", total: 3, done, failed: 0, skipped: 0, message: null, createdAt: at, updatedAt: at, finishedAt: null };
}

const event = (s: JobSnapshot) => `event: progress\ndata: ${JSON.stringify(s)}\n\n`;

/** A response body that arrives in the given pieces, as a network delivers it. */
function streamOf(pieces: string[]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const piece of pieces) controller.enqueue(encoder.encode(piece));
        controller.close();
      },
    }),
    { headers: { "content-type": "text/event-stream" } },
  );
}

type Seen = { path: string; authorization: string | undefined };

function backend(answer: (path: string, n: number) => Response): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    if (url.pathname === "/api/session") return Response.json(session);
    seen.push({ path: url.pathname, authorization: headers.authorization });
    return answer(url.pathname, seen.length);
  });
  return seen;
}

describe("the widget's client for jobs, actions and files", () => {
  afterEach(() => void vi.unstubAllGlobals());

  it("reads job progress from the server-sent event stream with the session's bearer header, across split chunks", async () => {
    const whole = event(snapshot("running", 1)) + ": keep-alive\n\n" + event(snapshot("done", 3));
    const seen = backend(() => streamOf([whole.slice(0, 17), whole.slice(17, 200), whole.slice(200)]));
    const api = new DashboardApi(openId, "https://dash.example.org/");
    const snapshots: JobSnapshot[] = [];
    await api.watchJob("j1", (s) => snapshots.push(s), new AbortController().signal);
    expect(snapshots.map((s) => [s.state, s.done])).toEqual([["running", 1], ["done", 3]]);
    expect(seen).toEqual([{ path: "/api/jobs/j1/events", authorization: "Bearer s1" }]);
  });

  it("reopens the stream when it ends before the job finished", async () => {
    const seen = backend((_path, n) => streamOf([event(snapshot(n === 1 ? "running" : "done", n === 1 ? 1 : 3))]));
    const api = new DashboardApi(openId, "https://dash.example.org/");
    const states: string[] = [];
    await api.watchJob("j1", (s) => states.push(s.state), new AbortController().signal);
    expect(states).toEqual(["running", "done"]);
    expect(seen.length).toBe(2);
  });

  it("posts an action's plan and apply to its route", async () => {
    const seen = backend(() => Response.json({ action: "rooms.create", plan: { name: "x" } }));
    const api = new DashboardApi(openId, "https://dash.example.org/");
    expect(await api.action("rooms.create", "plan", { template: "test" })).toEqual({ action: "rooms.create", plan: { name: "x" } });
    expect(seen[0]!.path).toBe("/api/actions/rooms.create/plan");
  });

  it("downloads a file with the session, and keeps the error's code and field for forms", async () => {
    backend((path) =>
      path.endsWith(".csv")
        ? new Response("id,at\r\n", { headers: { "content-type": "text/csv" } })
        : Response.json({ error: { code: "conflict", message: "Template changed meanwhile", field: "expectedVersion" } }, { status: 409 }),
    );
    const api = new DashboardApi(openId, "https://dash.example.org/");
    expect(await (await api.download("api/audit.csv")).text()).toBe("id,at\r\n");
    await expect(api.action("templates.save", "apply", {})).rejects.toMatchObject({ kind: "failed", code: "conflict", field: "expectedVersion" });
  });
});
