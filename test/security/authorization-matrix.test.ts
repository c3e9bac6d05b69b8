import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SignJWT } from "jose";
import { seedCommunity, person, type Community, type Person } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";
import { listRoutes } from "../../server/entry/http/route-list.ts";
import { getSetting } from "../../server/kernel/store/settings.ts";
import { SessionTokens } from "../../server/kernel/authority/sessions.ts";
import { FakeAuthentik } from "../fakes/authentik/fake-authentik.ts";

const hs = inject("synapse");
// Open to anyone, or guarded by their own secret instead of a session (the Authentik push, tested in test/authentik).
const PUBLIC = new Set(["GET /api/health", "POST /api/session", "GET /api/openapi.json", "POST /api/sync/push"]);
// Authentik's SCIM provider authenticates with AUTHENTIK_SCIM_TOKEN only: every other credential is a SCIM 401.
const SCIM_TOKEN = "matrix-scim-token-0123456789";
const isScim = (path: string) => path.startsWith("/api/scim/");

type Credential = { name: string; header: () => Promise<string | undefined>; expect: number[] };

describe("authorization matrix over every route", () => {
  let c: Community;
  let dash: TestDashboard;
  let outsider: Person;
  let adminToken: string;
  let fake: FakeAuthentik;
  const counts = { routes: 0, cases: 0, denied: 0 };

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 1 });
    outsider = await person(hs, `${c.tag}-outsider`);
    fake = await FakeAuthentik.start();
    dash = await startDashboard(c, { AUTHENTIK_URL: fake.url, AUTHENTIK_TOKEN: fake.token, AUTHENTIK_SYNC_INTERVAL_MINUTES: "0", AUTHENTIK_SCIM_TOKEN: SCIM_TOKEN });
    // The bot created the moderator room: as its creator (room v12) it counts as an admin here.
    adminToken = await signIn(dash, c.bot);
  });
  afterAll(async () => {
    console.log(`authorization matrix: ${counts.routes} routes × credentials = ${counts.cases} cases, ${counts.denied} denied, 0 with data`);
    await dash?.close();
    await fake?.stop();
  });

  async function apiToken(scopes: string[], revoke = false): Promise<string> {
    const res = await dash.api("POST", "/api/actions/tokens.create/apply", { token: adminToken, body: { name: `t-${scopes.join("-")}-${revoke}`, scopes } });
    expect(res.status, res.text).toBe(200);
    if (revoke) await dash.api("POST", "/api/actions/tokens.revoke/apply", { token: adminToken, body: { id: res.body.result.info.id } });
    return res.body.result.token;
  }

  it("answers 401 or 403, never data, to every credential that must not pass", async () => {
    const secret = getSetting(dash.ctx.store.db, "session_secret")!;
    const revoked = await apiToken(["rooms", "read", "admin", "moderation", "announcements"], true);
    const readOnly = await apiToken(["read"]);
    const noRead = await apiToken(["bridges"]);
    const credentials: Credential[] = [
      { name: "no credential", header: async () => undefined, expect: [401] },
      { name: "garbage", header: async () => "Bearer not-a-token", expect: [401] },
      { name: "forged session", header: async () => `Bearer ${(await new SessionTokens("f".repeat(40)).issue(c.moderators[0]!.userId)).token}`, expect: [401] },
      { name: "expired session", header: async () => `Bearer ${(await new SessionTokens(secret).issue(c.moderators[0]!.userId, Date.now() - 3_600_000)).token}`, expect: [401] },
      {
        name: "session of a non-moderator",
        header: async () => `Bearer ${(await new SessionTokens(secret).issue(outsider.userId)).token}`,
        expect: [403],
      },
      {
        name: "session with the wrong algorithm",
        header: async () => `Bearer ${await new SignJWT({ kind: "session" }).setProtectedHeader({ alg: "HS384" }).setSubject(c.moderators[0]!.userId).sign(new TextEncoder().encode(secret))}`,
        expect: [401],
      },
      { name: "revoked API token", header: async () => `Bearer ${revoked}`, expect: [401] },
    ];
    const all = listRoutes(dash.app);
    const expanded = all.flatMap((r) =>
      r.path === "/api/actions/:name/:mode"
        ? [...dash.ctx.actions.keys()].flatMap((name) => ["plan", "apply"].map((mode) => ({ method: "POST", path: `/api/actions/${name}/${mode}` })))
        : [{ method: r.method, path: r.path.replace(":roomId", encodeURIComponent(c.rooms[0]!.roomId)).replace(/:\w+/g, "00000000-0000-0000-0000-000000000000") }],
    );
    const guarded = expanded.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    counts.routes = guarded.length;
    expect(guarded.length).toBeGreaterThan(30);

    for (const route of guarded) {
      const scim = isScim(route.path);
      const scoped: Credential[] = [
        ...credentials,
        route.method === "GET"
          ? { name: "token without the read scope", header: async () => `Bearer ${noRead}`, expect: [403] }
          : { name: "read-only token", header: async () => `Bearer ${readOnly}`, expect: [403] },
        ...(scim ? [] : [{ name: "SCIM token", header: async () => `Bearer ${SCIM_TOKEN}`, expect: [401] }]),
      ].map((cred) => (scim ? { ...cred, expect: [401] } : cred));
      for (const cred of scoped) {
        const header = await cred.header();
        const res = await fetch(dash.url + route.path, {
          method: route.method,
          headers: { "content-type": "application/json", ...(header ? { authorization: header } : {}) },
          body: route.method === "GET" ? undefined : "{}",
        });
        const body = await res.json().catch(() => null);
        counts.cases++;
        expect(cred.expect, `${cred.name} → ${route.method} ${route.path}: ${res.status} ${JSON.stringify(body)}`).toContain(res.status);
        if (scim) expect(body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
        else expect(Object.keys(body ?? {})).toEqual(["error"]);
        counts.denied++;
      }
    }
  });
});
