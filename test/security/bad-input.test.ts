import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { seedCommunity, type Community } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";

const hs = inject("synapse");

type Mutation = { label: string; body: string; field?: string };

const wrongType = (v: unknown): unknown =>
  typeof v === "string" ? 12345 : typeof v === "number" ? "twelve" : typeof v === "boolean" ? "yes" : Array.isArray(v) ? "not-a-list" : 7;

/** Invalid bodies derived from a valid example: each breaks exactly one thing, so the error must name it. */
function mutations(example: Record<string, unknown>, required: string[]): Mutation[] {
  const out: Mutation[] = [
    { label: "array body", body: "[]" },
    { label: "null body", body: "null" },
    { label: "malformed JSON", body: '{"oops": ' },
    { label: "string body", body: '"hello"' },
    { label: "unknown field", body: JSON.stringify({ ...example, __unknown_field: 1 }), field: "__unknown_field" },
  ];
  for (const [key, value] of Object.entries(example)) {
    out.push({ label: `${key}: wrong type`, body: JSON.stringify({ ...example, [key]: wrongType(value) }), field: key });
    if (typeof value === "string") {
      out.push({ label: `${key}: huge string`, body: JSON.stringify({ ...example, [key]: "x".repeat(100_000) }), field: key });
      if (/^[@!#]/.test(value)) out.push({ label: `${key}: invalid Matrix ID`, body: JSON.stringify({ ...example, [key]: "not an id" }), field: key });
    }
    if (Array.isArray(value) && typeof value[0] === "string") {
      out.push({ label: `${key}: huge item`, body: JSON.stringify({ ...example, [key]: ["x".repeat(100_000)] }), field: key });
      if (/^[@!#]/.test(value[0])) out.push({ label: `${key}: invalid ID in list`, body: JSON.stringify({ ...example, [key]: ["@Not Valid"] }), field: key });
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
      out.push({ label: `${key}: unknown nested field`, body: JSON.stringify({ ...example, [key]: { ...value, __nested: true } }), field: key });
    }
    if (required.includes(key)) {
      const { [key]: _dropped, ...rest } = example;
      out.push({ label: `${key}: missing`, body: JSON.stringify(rest), field: key });
    }
  }
  return out;
}

describe("bad input on every route", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const counts = { routes: 0, inputs: 0, fiveHundreds: 0 };

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    dash = await startDashboard(c, { API_RATE_LIMIT_PER_MINUTE: "100000" });
    token = await signIn(dash, c.bot);
  });
  afterAll(async () => {
    console.log(`bad input: ${counts.routes} routes, ${counts.inputs} inputs tried, ${counts.fiveHundreds} 5xx seen`);
    await dash?.close();
  });

  it("has a valid example for every action", () => {
    for (const action of dash.ctx.actions.values()) {
      expect(action.example, `${action.name} has an example`).toBeDefined();
      expect(action.input.safeParse(action.example).success, `${action.name}'s example is valid`).toBe(true);
    }
  });

  it("answers every invalid body with a 4xx that names what was wrong, never a 5xx", async () => {
    for (const action of dash.ctx.actions.values()) {
      const example = action.example as Record<string, unknown>;
      const required = ((z.toJSONSchema(action.input, { io: "input", unrepresentable: "any" }) as { required?: string[] }).required ?? []) as string[];
      for (const mode of ["plan", "apply"]) {
        counts.routes++;
        for (const m of mutations(example, required)) {
          const res = await fetch(`${dash.url}/api/actions/${action.name}/${mode}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: m.body,
          });
          counts.inputs++;
          if (res.status >= 500) counts.fiveHundreds++;
          const body = await res.json();
          // Bulk invite lists invalid IDs in its plan instead of refusing the whole paste (by design).
          if (action.name === "rooms.invite" && m.label === "users: invalid ID in list") {
            expect(body.plan?.invalid ?? body.error, m.label).toBeDefined();
            continue;
          }
          const where = `${action.name}/${mode} ${m.label}: ${res.status} ${JSON.stringify(body)}`;
          expect(res.status, where).toBeGreaterThanOrEqual(400);
          expect(res.status, where).toBeLessThan(500);
          if (m.field) expect(`${body.error.field ?? ""} ${body.error.message}`, where).toContain(m.field);
        }
      }
    }
  });

  it("rejects bad query strings on read routes with the parameter named", async () => {
    for (const [path, field] of [
      ["/api/rooms?sort=colour", "sort"],
      ["/api/rooms?limit=-5", "limit"],
      ["/api/rooms?offset=abc", "offset"],
      ["/api/rooms?unknown=1", "unknown"],
      ["/api/audit?limit=99999", "limit"],
      ["/api/rooms/not-a-room", "roomId"],
      ["/api/jobs/abc/items?state=weird", "state"],
    ] as const) {
      const res = await dash.api("GET", path, { token });
      counts.inputs++;
      if (res.status >= 500) counts.fiveHundreds++;
      expect(res.status, `${path}: ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${path}: ${res.text}`).toBeLessThan(500);
      expect(`${res.body.error.field ?? ""} ${res.body.error.message}`, path).toMatch(new RegExp(field === "roomId" ? "room ID|roomId" : field));
    }
    const health = await dash.api("GET", "/api/health", { token });
    expect(health.status).toBe(200);
    expect(counts.fiveHundreds).toBe(0);
  });
});
