import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { User } from "@goauthentik/api";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { accountOf, authentikEnv, liftBotLimits, membershipIn, mxid, waitForJob } from "../../features/sync/helpers.ts";

const hs = inject("synapse");
const SCIM_TOKEN = "scim-token-0123456789abcdef";

/*
 * Requests shaped as Authentik's SCIM client sends them (goauthentik/authentik
 * authentik/providers/scim/clients/): headers from base.py, users from users.py with the User of
 * schema.py (default mapping: userName, name, displayName, active, emails; externalId = uid),
 * groups from groups.py (displayName, externalId = group pk, no members when PATCH is supported)
 * and member changes as `_patch_chunked` writes them: one operation per member.
 */
const authentikScim = {
  headers: (token: string) => ({ authorization: `Bearer ${token}`, accept: "application/scim+json", "content-type": "application/scim+json" }),
  user: (u: User) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: u.username,
    name: { formatted: u.name, givenName: u.name, familyName: "" },
    displayName: u.name,
    active: u.isActive,
    emails: [{ value: u.email, type: "other", primary: true }],
    externalId: u.uid,
  }),
  group: (g: { pk: string; name: string }) => ({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: g.name, externalId: g.pk }),
  members: (op: "add" | "remove", ids: string[]) => ({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: ids.map((id) => ({ op, path: "members", value: [{ value: id }] })),
  }),
};

type ScimAnswer = { status: number; body: any; type: string | null; job: string | null };

describe("SCIM receiver for Authentik's SCIM provider", () => {
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;
  let token: string;
  const ids: Record<string, string> = {};

  async function scim(method: string, path: string, body?: unknown, o: { token?: string; raw?: string; on?: TestDashboard } = {}): Promise<ScimAnswer> {
    const res = await fetch(`${(o.on ?? dash).url}/api/scim/v2${path}`, {
      method,
      headers: authentikScim.headers(o.token ?? SCIM_TOKEN),
      body: o.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get("content-type"), job: res.headers.get("x-sync-job") };
  }
  const settle = async (answer: ScimAnswer) => {
    for (const id of answer.job?.split(",") ?? []) await waitForJob(dash, token, id);
  };

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 1 });
    await liftBotLimits(c);
    fake = await FakeAuthentik.start({ groups: ["moderators", "gamers"] });
    dash = await startDashboard(
      c,
      // SCIM's deletions here are the test's own: the deactivation limit would otherwise hold them for a moderator.
      authentikEnv(fake, c, { AUTHENTIK_SCIM_TOKEN: SCIM_TOKEN, AUTHENTIK_GROUP_REMOVAL_POLICY: "kick", AUTHENTIK_DEACTIVATION_POLICY: "deactivate", AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS: "5" }),
    );
    token = await signIn(dash, c.moderators[0]!);
    const mapped = await dash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token, body: { group: "gamers", rooms: [c.rooms[0]!.roomId] } });
    expect(mapped.status, mapped.text).toBe(200);
    // The community's first sync, applied by a moderator: until then SCIM's syncs would only be held.
    const first = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { scope: "full" } });
    expect(first.body.result, first.text).toMatchObject({ changes: 0 });
    for (const name of ["ivy", "jack", "kim", "lee"]) fake.addUser({ username: name, name: name.toUpperCase() });
  });
  afterAll(async () => {
    await dash?.close();
    await fake?.stop();
  });

  it("refuses a missing or wrong token with a SCIM 401, and is off (404 naming the setting) without AUTHENTIK_SCIM_TOKEN", async () => {
    for (const given of ["", "Bearer nope", `Bearer ${SCIM_TOKEN}x`]) {
      const res = await fetch(`${dash.url}/api/scim/v2/ServiceProviderConfig`, { headers: given ? { authorization: given } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/scim+json");
      expect(await res.json()).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401", detail: expect.stringContaining("AUTHENTIK_SCIM_TOKEN") });
    }
    expect((await dash.api("GET", "/api/sync/status", { token })).body.scimEnabled).toBe(true);
    const off = await startDashboard(c, authentikEnv(fake, c));
    try {
      const res = await scim("GET", "/ServiceProviderConfig", undefined, { on: off });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: "404", detail: expect.stringContaining("set AUTHENTIK_SCIM_TOKEN") });
      expect((await off.api("GET", "/api/sync/status", { token: await signIn(off, c.moderators[0]!) })).body.scimEnabled).toBe(false);
    } finally {
      await off.close();
    }
    expect(dash.logLines.join("\n")).not.toContain(SCIM_TOKEN);
  });

  it("says PATCH is supported, so Authentik sends member changes one by one", async () => {
    const res = await scim("GET", "/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/scim+json");
    expect(res.body).toMatchObject({ patch: { supported: true }, filter: { supported: false }, bulk: { supported: false, maxOperations: 0 } });
  });

  it("creates the Matrix account of a user Authentik POSTs, answering 201 with the id it will reuse", async () => {
    const created = await scim("POST", "/Users", authentikScim.user(fake.user("ivy")));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: String(fake.user("ivy").pk), userName: "ivy", externalId: fake.user("ivy").uid, active: true });
    await settle(created);
    ids.ivy = created.body.id;
    expect(await accountOf(c, mxid(c, "ivy"))).toMatchObject({ displayname: "IVY" });
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "ivy"))).toBe("invite");
    expect(await accountOf(c, mxid(c, "jack"))).toBeNull();
    expect(dash.ctx.audit.list({ action: "sync.accounts" })[0]).toMatchObject({ actor: "authentik-scim", actorKind: "system", result: "ok" });

    const jack = await scim("POST", "/Users", authentikScim.user(fake.user("jack")));
    await settle(jack);
    ids.jack = jack.body.id;
    fake.updateUser("ivy", { name: "Ivy Green" });
    const updated = await scim("PUT", `/Users/${ids.ivy}`, { ...authentikScim.user(fake.user("ivy")), id: ids.ivy });
    expect(updated.status).toBe(200);
    await settle(updated);
    expect(await accountOf(c, mxid(c, "ivy"))).toMatchObject({ displayname: "Ivy Green" });
    expect((await scim("GET", `/Users/${ids.ivy}`)).body).toMatchObject({ id: ids.ivy, userName: "ivy", displayName: "Ivy Green" });
  });

  it("invites a member added by PATCH to the group's rooms, and applies the removal policy to a removed member only, without a full scan", async () => {
    fake.requests.length = 0;
    const group = await scim("POST", "/Groups", authentikScim.group(fake.group("gamers")));
    expect(group.status).toBe(201);
    expect(group.job).toBeNull();
    ids.gamers = group.body.id;

    fake.setGroups("ivy", ["gamers"]);
    fake.setGroups("jack", ["gamers"]);
    const added = await scim("PATCH", `/Groups/${ids.gamers}`, authentikScim.members("add", [ids.ivy!, ids.jack!]));
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    await settle(added);
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "ivy"))).toBe("invite");
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "jack"))).toBe("invite");
    expect((await scim("GET", `/Groups/${ids.gamers}`)).body.members.map((m: any) => m.value).sort()).toEqual([ids.ivy, ids.jack].sort());

    fake.setGroups("ivy", []);
    const removed = await scim("PATCH", `/Groups/${ids.gamers}`, authentikScim.members("remove", [ids.ivy!]));
    expect(removed.status).toBe(200);
    expect(removed.body.members).toEqual([expect.objectContaining({ value: ids.jack })]);
    await settle(removed);
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "ivy"))).toBe("leave");
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "jack"))).toBe("invite");
    expect(dash.ctx.audit.list({ action: "sync.accounts" })[0]).toMatchObject({ actor: "authentik-scim", target: "1 Authentik users" });
    // Each user was read by pk: nobody listed the whole directory.
    expect(fake.userListRequests()).toEqual([]);
    expect(fake.requests.filter((r) => r.path.startsWith("/api/v3/core/users/")).map((r) => r.path)).toEqual(
      expect.arrayContaining([`/api/v3/core/users/${ids.ivy}/`, `/api/v3/core/users/${ids.jack}/`]),
    );
  });

  it("applies the deactivation policy when Authentik deletes a user", async () => {
    fake.deleteUser("jack");
    const deleted = await scim("DELETE", `/Users/${ids.jack}`);
    expect(deleted.status).toBe(204);
    await settle(deleted);
    expect(await accountOf(c, mxid(c, "jack"))).toMatchObject({ deactivated: true });
    expect(await accountOf(c, mxid(c, "ivy"))).toMatchObject({ deactivated: false });
    expect((await scim("GET", `/Users/${ids.jack}`)).status).toBe(404);
  });

  it("takes a group PUT with its whole member list (Authentik without PATCH) and syncs who joined; a repeated POST keeps the group's id", async () => {
    const lee = await scim("POST", "/Users", authentikScim.user(fake.user("lee")));
    await settle(lee);
    ids.lee = lee.body.id;
    fake.setGroups("lee", ["gamers"]);
    // groups.py without PATCH: the whole group, members included, replaces the stored one.
    const replaced = await scim("PUT", `/Groups/${ids.gamers}`, { ...authentikScim.group(fake.group("gamers")), id: ids.gamers, members: [{ value: ids.lee }] });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.members).toEqual([expect.objectContaining({ value: ids.lee })]);
    await settle(replaced);
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "lee"))).toBe("invite");

    const again = await scim("POST", "/Groups", authentikScim.group(fake.group("gamers")));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(ids.gamers);
  });

  it("answers bad bodies with a SCIM 400 naming the problem, and unknown ids with 404", async () => {
    const kim = authentikScim.user(fake.user("kim"));
    const bad: Array<[string, string, unknown, string]> = [
      ["POST", "/Users", { ...kim, schemas: ["urn:example"] }, "schemas"],
      ["POST", "/Users", { ...kim, userName: undefined }, "userName"],
      ["POST", "/Users", { ...kim, userName: "nobody-here" }, "userName"],
      ["POST", "/Users", { ...kim, active: "yes" }, "active"],
      ["PUT", `/Users/${ids.ivy}`, [], "expected object"],
      ["POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"] }, "displayName"],
      ["POST", "/Groups", { ...authentikScim.group(fake.group("moderators")), members: [{ value: "not-an-id" }] }, "members.0.value"],
      ["PATCH", `/Groups/${ids.gamers}`, { ...authentikScim.members("add", [ids.ivy!]), Operations: [{ op: "move", path: "members", value: [] }] }, "op"],
      ["PATCH", `/Groups/${ids.gamers}`, { ...authentikScim.members("add", [ids.ivy!]), Operations: [{ op: "add", path: "owners", value: [] }] }, "owners"],
      ["PATCH", `/Groups/${ids.gamers}`, { ...authentikScim.members("add", [ids.ivy!]), Operations: [{ op: "add", path: "members", value: "x" }] }, "Operations.0.value"],
      ["PATCH", `/Groups/${ids.gamers}`, { Operations: [] }, "schemas"],
    ];
    for (const [method, path, body, named] of bad) {
      const res = await scim(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400" });
      expect(res.body.detail).toContain(named);
    }
    const malformed = await scim("POST", "/Users", undefined, { raw: '{"userName": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toContain("not valid JSON");

    for (const [method, path] of [
      ["GET", "/Users/999999"],
      ["PUT", "/Users/abc"],
      ["DELETE", "/Users/999999"],
      ["GET", "/Groups/00000000-0000-0000-0000-000000000000"],
      ["PATCH", "/Groups/unknown"],
      ["DELETE", "/Groups/unknown"],
      ["GET", "/Schemas"],
    ]) {
      const res = await scim(method!, path!, method === "GET" || method === "DELETE" ? undefined : kim);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ status: "404", detail: expect.any(String) });
    }
    // No write slipped through: kim was never synced.
    expect(await accountOf(c, mxid(c, "kim"))).toBeNull();
  });

  it("never answers a 5xx to junk on any write route", async () => {
    const routes = [
      ["POST", "/Users"],
      ["PUT", `/Users/${ids.ivy}`],
      ["PATCH", `/Users/${ids.ivy}`],
      ["POST", "/Groups"],
      ["PUT", `/Groups/${ids.gamers}`],
      ["PATCH", `/Groups/${ids.gamers}`],
    ];
    const junk = ["[]", "null", '"hello"', "{", "{}", JSON.stringify({ schemas: "x" }), JSON.stringify({ Operations: [{ op: 7 }] }), JSON.stringify({ userName: "x".repeat(100_000) })];
    for (const [method, path] of routes) {
      for (const raw of junk) {
        const res = await scim(method!, path!, undefined, { raw });
        expect(res.status, `${method} ${path} ${raw.slice(0, 60)}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
      }
    }
  });
});
