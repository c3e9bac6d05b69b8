import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chmodSync, existsSync, mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { seedCommunity, type Community } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";
import { getSetting } from "../../server/kernel/store/settings.ts";
import { checkDataDirModes } from "../../server/features/health/data-dir-check.ts";
import { SESSION_LIFETIME_SECONDS } from "../../server/kernel/authority/sessions.ts";

const hs = inject("synapse");
const modeOf = (file: string) => `0${(statSync(file).mode & 0o777).toString(8)}`;
const dbFiles = (dir: string) => ["dashboard.sqlite", "dashboard.sqlite-wal", "dashboard.sqlite-shm"].map((f) => path.join(dir, f));

describe("local secrets are private (rule 5)", () => {
  let c: Community;
  let dash: TestDashboard | undefined;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
  });
  afterAll(() => dash?.close());

  it("creates the data folder 0700 and the database with its -wal and -shm 0600", async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "dash-secrets-")), "data");
    dash = await startDashboard(c, { DATA_DIR: dataDir });
    await signIn(dash, c.moderators[0]!);
    expect(modeOf(dataDir)).toBe("0700");
    for (const file of dbFiles(dataDir)) {
      expect(existsSync(file), file).toBe(true);
      expect(modeOf(file), file).toBe("0600");
    }
    expect(checkDataDirModes(dataDir).status).toBe("ok");
    await dash.close();
    dash = undefined;
  });

  it("tightens a loose folder and loose database files left by an earlier version at start, and doctor names them before", async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "dash-secrets-")), "data");
    dash = await startDashboard(c, { DATA_DIR: dataDir });
    await signIn(dash, c.moderators[0]!);
    await dash.close();
    dash = undefined;
    chmodSync(dataDir, 0o755);
    for (const file of dbFiles(dataDir).filter(existsSync)) chmodSync(file, 0o644);

    const before = checkDataDirModes(dataDir);
    expect(before.status).toBe("warn");
    expect(before.cause).toContain(`${dataDir} is 0755`);
    expect(before.cause).toContain(`${path.join(dataDir, "dashboard.sqlite")} is 0644`);

    dash = await startDashboard(c, { DATA_DIR: dataDir });
    await signIn(dash, c.moderators[0]!);
    expect(modeOf(dataDir)).toBe("0700");
    for (const file of dbFiles(dataDir).filter(existsSync)) expect(modeOf(file), file).toBe("0600");
    expect(checkDataDirModes(dataDir).status).toBe("ok");
  });

  it("shows the data-folder check in the doctor report that /api/health gives a moderator", async () => {
    const token = await signIn(dash!, c.moderators[0]!);
    const res = await dash!.api("GET", "/api/health", { token });
    expect(res.status).toBe(200);
    expect(res.body.checks.find((check: { id: string }) => check.id === "data-dir-modes")).toMatchObject({ status: "ok" });
  });

  it("refuses session tokens signed with the real secret that have no expiry or a longer lifetime than configured", async () => {
    const secret = new TextEncoder().encode(getSetting(dash!.ctx.store.db, "session_secret")!);
    const userId = c.moderators[0]!.userId;
    const now = Math.floor(Date.now() / 1000);
    const base = () => new SignJWT({ kind: "session" }).setProtectedHeader({ alg: "HS256" }).setSubject(userId).setIssuer("matrix-community-dashboard");
    const honest = await base().setIssuedAt(now).setExpirationTime(now + SESSION_LIFETIME_SECONDS).sign(secret);
    expect((await dash!.api("GET", "/api/me", { token: honest })).status).toBe(200);

    const forged = {
      "no exp": await base().setIssuedAt(now).sign(secret),
      "no iat": await base().setExpirationTime(now + 60).sign(secret),
      "a year long": await base().setIssuedAt(now).setExpirationTime(now + 365 * 86_400).sign(secret),
      "backdated iat, far exp": await base().setIssuedAt(now + 365 * 86_400 - SESSION_LIFETIME_SECONDS).setExpirationTime(now + 365 * 86_400).sign(secret),
    };
    for (const [name, token] of Object.entries(forged)) {
      const res = await dash!.api("GET", "/api/me", { token });
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe("unauthenticated");
    }
  });
});
