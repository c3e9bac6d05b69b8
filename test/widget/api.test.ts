import { afterEach, describe, expect, it, vi } from "vitest";
import { DashboardApi } from "../../widget/client/api.ts";
import { Problem } from "../../widget/client/problem.ts";

type Call = { method: string; path: string; authorization: string | undefined; body: any };

/** A backend stand-in: each answer is a status and a JSON body, or an Error for a failed connection. */
function backend(answers: Array<[number, unknown] | Error>) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ method: init.method!, path: url.pathname, authorization: headers.authorization, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers.shift();
    if (!answer) throw new Error("unexpected request");
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer[1]), { status: answer[0], headers: { "content-type": "application/json" } });
  });
  return calls;
}

const session = (token: string, inMs: number) => [
  200,
  { token, expiresAt: new Date(Date.now() + inMs).toISOString(), userId: "@mod:example.org", powerLevel: 50, requiredPowerLevel: 50, adminPowerLevel: 100, moderatorRoomId: "!m:example.org" },
] as [number, unknown];

function openIdTokens() {
  let n = 0;
  const next = vi.fn(async () => ({ access_token: `openid-${++n}`, matrix_server_name: "example.org", token_type: "Bearer" as const }));
  return next;
}

describe("the widget's backend client", () => {
  afterEach(() => void vi.unstubAllGlobals());

  it("signs in with a fresh OpenID token and sends the session as a bearer token", async () => {
    const calls = backend([session("s1", 15 * 60_000), [200, { userId: "@mod:example.org" }]]);
    const api = new DashboardApi(openIdTokens(), "https://dash.example.org/");
    await api.signIn();
    await api.request("GET", "api/me");
    expect(calls[0]).toMatchObject({ method: "POST", path: "/api/session", body: { openIdToken: { access_token: "openid-1" } } });
    expect(calls[1]).toMatchObject({ method: "GET", path: "/api/me", authorization: "Bearer s1" });
  });

  it("renews the session with a new OpenID token shortly before it expires", async () => {
    const tokens = openIdTokens();
    const calls = backend([session("s1", 30_000), session("s2", 15 * 60_000), [200, {}]]);
    const api = new DashboardApi(tokens, "https://dash.example.org/");
    await api.signIn();
    await api.request("GET", "api/me");
    expect(tokens).toHaveBeenCalledTimes(2);
    expect(calls[1]!.body.openIdToken.access_token).toBe("openid-2");
    expect(calls[2]!.authorization).toBe("Bearer s2");
  });

  it("signs in again once when the server answers 401, and gives up after that", async () => {
    const expired = [401, { error: { code: "unauthenticated", message: "Your session has expired." } }] as [number, unknown];
    const calls = backend([session("s1", 15 * 60_000), expired, session("s2", 15 * 60_000), [200, { ok: 1 }], expired, session("s3", 15 * 60_000), expired]);
    const api = new DashboardApi(openIdTokens(), "https://dash.example.org/");
    await api.signIn();
    expect(await api.request("GET", "api/me")).toEqual({ ok: 1 });
    expect(calls.map((c) => c.authorization ?? c.path)).toEqual(["/api/session", "Bearer s1", "/api/session", "Bearer s2"]);
    await expect(api.request("GET", "api/me")).rejects.toMatchObject({ kind: "unauthenticated", message: "Your session has expired." });
  });

  it("turns a failed connection into 'unreachable' and a 403 into the server's reason", async () => {
    backend([new TypeError("fetch failed"), [403, { error: { code: "forbidden", message: "@x is not a moderator", hint: "Ask an admin" } }]]);
    const api = new DashboardApi(openIdTokens(), "https://dash.example.org/");
    await expect(api.signIn()).rejects.toMatchObject({ kind: "unreachable" });
    const refused = await api.signIn().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ kind: "forbidden", message: "@x is not a moderator", hint: "Ask an admin" });
  });

  it("treats a gateway error without the dashboard's JSON as the server being unreachable", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>Bad Gateway</html>", { status: 502 }));
    const api = new DashboardApi(openIdTokens(), "https://dash.example.org/");
    await expect(api.health()).rejects.toMatchObject({ kind: "unreachable" });
  });
});
