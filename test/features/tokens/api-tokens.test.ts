import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { listRoutes } from "../../../server/entry/http/route-list.ts";

const hs = inject("synapse");

describe("automation API tokens and the OpenAPI document", () => {
  let c: Community;
  let dash: TestDashboard;
  let admin: string;
  let moderator: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 1 });
    dash = await startDashboard(c, { API_RATE_LIMIT_PER_MINUTE: "20" });
    admin = await signIn(dash, c.bot);
    moderator = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("lets an admin create a scoped token that acts through the same actions, audited under its name, stored hashed", async () => {
    const created = await dash.api("POST", "/api/actions/tokens.create/apply", { token: admin, body: { name: "ci-bot", scopes: ["rooms", "read"], expiresInDays: 7 } });
    expect(created.status, created.text).toBe(200);
    const token: string = created.body.result.token;
    expect(token).toMatch(/^mcd_[0-9a-f]{12}_/);
    // The database's own files (with its write-ahead log), read as bytes: the name is there, the secret is not.
    const dataDir = dash.ctx.config.dataDir;
    const stored = Buffer.concat(readdirSync(dataDir).filter((f) => f.startsWith("dashboard.sqlite")).map((f) => readFileSync(path.join(dataDir, f))));
    expect(stored.includes("ci-bot")).toBe(true);
    expect(stored.includes(token.split("_")[2]!)).toBe(false);
    expect(JSON.stringify(dash.ctx.audit.list({ action: "tokens.create" }))).not.toContain(token);

    const rooms = await dash.api("GET", "/api/rooms", { token });
    expect(rooms.status).toBe(200);
    const room = await dash.api("POST", "/api/actions/rooms.create/apply", { token, body: { template: "test" } });
    expect(room.status, room.text).toBe(200);
    expect(dash.ctx.audit.list({ action: "rooms.create" })[0]).toMatchObject({ actor: "token:ci-bot", actorKind: "token", result: "ok" });
    const ban = await dash.api("POST", "/api/actions/moderation.ban/plan", { token, body: { user: c.members[0]!.userId, targets: { kind: "all" } } });
    expect(ban.status).toBe(403);
    expect(ban.body.error.message).toContain('lacks the "moderation" scope');

    const listed = await dash.api("GET", "/api/tokens", { token: admin });
    expect(listed.body[0]).toMatchObject({ name: "ci-bot", scopes: ["rooms", "read"], createdBy: c.bot.userId });
    expect((await dash.api("GET", "/api/tokens", { token: moderator })).status).toBe(403);
    expect((await dash.api("POST", "/api/actions/tokens.create/apply", { token: moderator, body: { name: "x", scopes: ["read"] } })).status).toBe(403);
    expect((await dash.api("POST", "/api/actions/tokens.create/apply", { token, body: { name: "x", scopes: ["read"] } })).status).toBe(403);
  });

  it("rate-limits each caller and says when to retry", async () => {
    const created = await dash.api("POST", "/api/actions/tokens.create/apply", { token: admin, body: { name: "chatty", scopes: ["read"] } });
    const token = created.body.result.token;
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await dash.api("GET", "/api/me", { token })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await fetch(`${dash.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another caller is not affected.
    expect((await dash.api("GET", "/api/me", { token: moderator })).status).toBe(200);
  });

  it("documents every route and every action in OpenAPI 3.1 from the shared schemas", async () => {
    const res = await dash.api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    for (const name of dash.ctx.actions.keys()) {
      for (const mode of ["plan", "apply"]) expect(doc.paths[`/api/actions/${name}/${mode}`]?.post?.requestBody, `${name}/${mode}`).toBeDefined();
    }
    for (const route of listRoutes(dash.app)) {
      if (route.path.includes("/api/actions/:")) continue;
      const path = route.path.replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
      expect(doc.paths[path][route.method.toLowerCase()].summary, `${route.method} ${route.path} has a summary`).not.toBe(route.path);
    }
    const create = doc.paths["/api/actions/rooms.create/apply"].post.requestBody.content["application/json"].schema;
    expect(create.required).toContain("template");
    expect(create.additionalProperties).toBe(false);
  });
});
