import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import http from "node:http";
import https from "node:https";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runDoctor, type DoctorContext } from "../../../server/features/health/checks.ts";
import { Bot } from "../../../server/kernel/matrix/bot.ts";
import { seedCommunity, setRateLimitOverride, communityEnv, type Community } from "../../synapse/community.ts";
import { login, Synapse } from "../../synapse/synapse.ts";
import { startDashboard, signIn } from "../../helpers/dashboard.ts";
import { TestClient } from "../../synapse/client.ts";
import { freePort } from "../../synapse/free-port.ts";
import { projectRoot } from "../../synapse/install.ts";

const hs = inject("synapse");
const run = promisify(execFile);

function doctorFor(c: Community, overrides: Partial<{ homeserverUrl: string; accessToken: string; moderatorRoom: string }> = {}) {
  const config = {
    homeserverUrl: overrides.homeserverUrl ?? hs.baseUrl,
    botUserId: c.bot.userId,
    moderatorRoom: overrides.moderatorRoom ?? c.moderatorRoom.alias,
    moderatorPowerLevel: 50,
  };
  const bot = new Bot({
    homeserverUrl: config.homeserverUrl,
    accessToken: overrides.accessToken ?? c.bot.accessToken,
    userId: c.bot.userId,
    retry: { maxAttempts: 1, maxWaitMs: 0 },
  });
  const ctx: DoctorContext = { config, bot };
  return runDoctor(ctx);
}

const byId = (report: Awaited<ReturnType<typeof runDoctor>>, id: string) => {
  const check = report.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};

describe("doctor against a real Synapse", () => {
  let community: Community;
  let plainHttp: http.Server;
  let plainHttpUrl: string;

  beforeAll(async () => {
    community = await seedCommunity(hs);
    plainHttp = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<h1>It works!</h1>"));
    const port = await freePort();
    await new Promise<void>((r) => plainHttp.listen(port, "127.0.0.1", r));
    plainHttpUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => plainHttp?.close());

  it("is all green for a healthy setup with an exempt admin bot", async () => {
    await setRateLimitOverride(community.bot.client, community.bot.userId, true);
    try {
      const report = await doctorFor(community);
      expect(report.ok).toBe(true);
      expect(report.capabilities.serverAdmin).toBe(true);
      for (const check of report.checks) {
        // The server never ran for this bot, so its encryption device has published no keys yet: reported, not hidden.
        // The seed records no token issue time, so its age is not checked.
        const expected = check.id === "e2ee" ? "warn" : check.id === "token-age" ? "skipped" : "ok";
        expect(check.status, `${check.id}: ${check.summary}`).toBe(expected);
      }
    } finally {
      await setRateLimitOverride(community.bot.client, community.bot.userId, false);
    }
  });

  it("reports the default rate limits with the command that lifts them", async () => {
    const check = byId(await doctorFor(community), "rate-limit");
    expect(check.status).toBe("warn");
    expect(check.fix).toContain("override_ratelimit");
  });

  it("names an unreachable homeserver and skips what depends on it", async () => {
    const port = await freePort();
    const report = await doctorFor(community, { homeserverUrl: `http://127.0.0.1:${port}` });
    expect(report.ok).toBe(false);
    const check = byId(report, "homeserver");
    expect(check.status).toBe("fail");
    expect(check.cause).toContain("connection refused");
    expect(check.fix).toContain("MATRIX_HOMESERVER");
    expect(byId(report, "token").status).toBe("skipped");
  });

  it("names an unknown host as a DNS failure", async () => {
    const report = await doctorFor(community, { homeserverUrl: "http://no-such-host.invalid" });
    const check = byId(report, "homeserver");
    expect(check.status).toBe("fail");
    expect(check.cause).toMatch(/does not resolve|could not be resolved/);
  });

  it("names an invalid TLS certificate", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "dash-tls-"));
    await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`]);
    const tls = https.createServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (_req, res) => res.end("{}"));
    const port = await freePort();
    await new Promise<void>((r) => tls.listen(port, "127.0.0.1", r));
    try {
      const check = byId(await doctorFor(community, { homeserverUrl: `https://127.0.0.1:${port}` }), "homeserver");
      expect(check.status).toBe("fail");
      expect(check.cause).toContain("TLS certificate is not valid");
      expect(check.fix).toContain("certificate");
    } finally {
      tls.close();
    }
  });

  it("recognises an HTTP server that is not a Matrix homeserver", async () => {
    const report = await doctorFor(community, { homeserverUrl: plainHttpUrl });
    const check = byId(report, "homeserver");
    expect(check.status).toBe("fail");
    expect(check.summary).toContain("is not a Matrix homeserver");
    expect(check.fix).toContain("client-server API URL");
  });

  it("says a logged-out token is invalid or expired", async () => {
    const session = await login(hs, community.bot.localpart, community.bot.password, "doomed");
    await new TestClient(hs.baseUrl, session.accessToken, session.userId).logout();
    const report = await doctorFor(community, { accessToken: session.accessToken });
    const check = byId(report, "token");
    expect(check.status).toBe("fail");
    expect(check.summary).toBe("The access token is invalid or expired.");
    expect(check.cause).toContain("M_UNKNOWN_TOKEN");
    expect(check.fix).toContain("MATRIX_ACCESS_TOKEN");
    expect(byId(report, "moderator-room").status).toBe("skipped");
  });

  it("notices a token that belongs to another user", async () => {
    const someoneElse = community.moderators[0]!;
    const check = byId(await doctorFor(community, { accessToken: someoneElse.accessToken }), "token");
    expect(check.status).toBe("fail");
    expect(check.summary).toContain(`belongs to ${someoneElse.userId}`);
    expect(check.fix).toContain(`MATRIX_USER_ID=${someoneElse.userId}`);
  });

  it("reports a moderator room that does not exist", async () => {
    const alias = `#missing-${community.tag}:${hs.serverName}`;
    const report = await doctorFor(community, { moderatorRoom: alias });
    const check = byId(report, "moderator-room");
    expect(check.status).toBe("fail");
    expect(check.summary).toContain("does not exist");
    expect(check.fix).toContain("MATRIX_MODERATOR_ROOM");
    expect(report.ok).toBe(false);
  });

  it("reports a bot that is not in the moderator room", async () => {
    const outsider = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    const report = await doctorFor(community, { moderatorRoom: outsider.moderatorRoom.alias });
    const check = byId(report, "moderator-room");
    expect(check.status).toBe("fail");
    expect(check.fix).toContain(`Invite ${community.bot.userId}`);
  });

  it("shows admin-only features as unavailable, not broken, for a bot that is not an admin", async () => {
    const plain = await seedCommunity(hs, { botIsAdmin: false, moderators: 1, members: 0, extraRooms: 0 });
    const report = await doctorFor(plain);
    const check = byId(report, "server-admin");
    expect(check.status).toBe("warn");
    expect(check.summary).toContain("unavailable (not broken)");
    expect(report.capabilities.serverAdmin).toBe(false);
    expect(byId(report, "room-creation").status).toBe("ok");
    expect(report.ok).toBe(true);
  });

  it("runs as `npm run doctor`, exiting 0 when healthy and 1 with the cause when not", async () => {
    const env = { ...process.env, ...communityEnv(community), ENV_FILE: "/nonexistent/.env" };
    const healthy = await run(process.execPath, ["server/entry/doctor/cli.ts"], { cwd: projectRoot, env });
    expect(healthy.stdout).toContain("All required checks passed.");
    expect(healthy.stdout).not.toContain(community.bot.accessToken);
    const broken = await run(process.execPath, ["server/entry/doctor/cli.ts"], {
      cwd: projectRoot,
      env: { ...env, MATRIX_MODERATOR_ROOM: `#gone-${community.tag}:${hs.serverName}` },
    }).catch((err) => err);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("does not exist");
  });

  it("stops with a configuration message, not a stack trace, when .env is incomplete", async () => {
    const result = await run(process.execPath, ["server/entry/doctor/cli.ts"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ENV_FILE: "/nonexistent/.env" },
    }).catch((err) => err);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("MATRIX_HOMESERVER is missing");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("a homeserver without sliding sync", () => {
  let synapse: Synapse;
  let community: Community;

  beforeAll(async () => {
    synapse = await Synapse.create({ extraConfig: { experimental_features: { msc3575_enabled: false } } });
    await synapse.start();
    community = await seedCommunity(synapse);
  }, 120_000);
  afterAll(async () => {
    await synapse?.stop();
    synapse?.destroy();
  });

  it("fails doctor's sliding-sync check with the version that has it, and the directory says the same", async () => {
    const report = await doctorFor(community, { homeserverUrl: synapse.baseUrl });
    expect(report.ok).toBe(false);
    const check = byId(report, "sliding-sync");
    expect(check).toMatchObject({ status: "fail", required: true });
    expect(check.summary).toContain("does not serve simplified sliding sync (MSC4186)");
    expect(check.fix).toContain("Synapse to 1.114 or newer");
    expect(check.fix).toContain("msc3575_enabled");

    const dash = await startDashboard(community);
    try {
      const token = await signIn(dash, community.moderators[0]!);
      const res = await dash.api("GET", "/api/rooms", { token });
      expect(res.status, res.text).toBe(502);
      expect(res.text).toContain("does not know this request (M_UNRECOGNIZED");
      expect(res.text).toContain("Synapse 1.114 or newer");
    } finally {
      await dash.close();
    }
  });

  it("passes the check on the test homeserver, which has it", async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 0 });
    expect(byId(await doctorFor(c), "sliding-sync").status).toBe("ok");
  });
});

describe("doctor's fixes", () => {
  it("joins the moderator room on --join and lifts the rate limit on --lift-rate-limit", async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    await c.bot.client.leave(c.moderatorRoom.roomId);
    // A moderator invites the bot back, as the doctor's fix text asks.
    await c.moderators[0]!.client.invite(c.moderatorRoom.roomId, c.bot.userId);
    const env = { ...process.env, ...communityEnv(c), ENV_FILE: "/nonexistent/.env" };
    const result = await run(process.execPath, ["server/entry/doctor/cli.ts", "--join", "--lift-rate-limit"], { cwd: projectRoot, env }).catch((e) => e);
    expect(result.stdout).toContain("The bot joined the moderator room");
    expect(result.stdout).toContain("is now exempt from Synapse's rate limits");
    expect(result.stdout).toContain("✔ Synapse rate limits for the bot");
    expect(result.stdout).toContain("✔ Moderator room");
  });
});

describe("doctor --permissions", () => {
  it("flags an admin bot no feature needs, and rooms where the bot cannot moderate", async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 1 });
    const weak = await c.members[0]!.client.createRoom({ name: "Member's room", invite: [c.bot.userId] });
    await c.bot.client.join(weak);
    const env = { ...process.env, ...communityEnv(c), ENV_FILE: "/nonexistent/.env" };
    const { stdout } = await run(process.execPath, ["server/entry/doctor/cli.ts", "--permissions"], { cwd: projectRoot, env });
    expect(stdout).toContain("no enabled feature needs it: remove the admin flag");
    expect(stdout).toContain("The bot cannot moderate 1 of");
    expect(stdout).toContain("✘ Member's room: bot level 0, moderation needs 100");
    expect(stdout).toContain("✔ General: bot level creator");
    const missing = await run(process.execPath, ["server/entry/doctor/cli.ts", "--permissions"], {
      cwd: projectRoot,
      env: { ...env, ...communityEnv((await seedCommunity(hs, { botIsAdmin: false, moderators: 1, members: 0, extraRooms: 0 }))), AUTHENTIK_URL: "http://127.0.0.1:9", AUTHENTIK_TOKEN: "authentik-token-for-the-test" },
    }).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("is not a server admin, but Authentik account sync");
  });
});
