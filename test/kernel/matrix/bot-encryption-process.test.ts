import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "dotenv";
import { seedCommunity, communityEnv, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { TestClient } from "../../synapse/client.ts";
import { startServerProcess, signInTo, type ServerProcess } from "../../helpers/server-process.ts";
import { waitForJob } from "../../helpers/jobs.ts";
import { E2eeTestClient } from "../../helpers/e2ee-client.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { updateEnvFile } from "../../../server/kernel/config/env-file.ts";
import { ANNOUNCEMENT_MARKER } from "../../../server/features/announcements/announce.ts";

const hs = inject("synapse");
const ENCRYPTION = { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } };

/** Encrypted rooms of the bot that `member` has joined. */
async function encryptedRooms(c: Community, n: number): Promise<string[]> {
  const member = c.members[0]!;
  await setRateLimitOverride(c.bot.client, c.bot.userId, true);
  await setRateLimitOverride(c.bot.client, member.userId, true);
  const rooms: string[] = [];
  for (let i = 0; i < n; i++) {
    const roomId = await c.bot.client.createRoom({ preset: "private_chat", name: `Private ${i}`, invite: [member.userId], initial_state: [ENCRYPTION] });
    await member.client.join(roomId);
    rooms.push(roomId);
  }
  return rooms;
}

/** The bot's devices as the homeserver lists them. */
async function botDevices(token: string, c: Community): Promise<string[]> {
  const res = await new TestClient(hs.baseUrl, token, c.bot.userId).request("GET", "/_matrix/client/v3/devices");
  return res.devices.map((d: { device_id: string }) => d.device_id);
}

type Api = (method: string, p: string, o?: { token?: string; body?: unknown }) => Promise<{ status: number; body: any }>;

async function announce(api: Api, token: string, rooms: string[], markdown: string): Promise<string> {
  const res = await api("POST", "/api/actions/announcements.send/apply", { token, body: { markdown, targets: { kind: "rooms", rooms } } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result.jobId;
}

/** Exactly one copy of the job's announcement in the room, and every message of the bot there decryptable. */
async function expectOneReadableCopy(reader: E2eeTestClient, c: Community, roomId: string, jobId: string): Promise<void> {
  const fromBot = (await reader.messages(roomId)).filter((e) => e.sender === c.bot.userId && (e.type === "m.room.message" || e.type === "m.room.encrypted"));
  expect(fromBot.filter((e) => !e.decrypted), `undecryptable messages in ${roomId}`).toEqual([]);
  expect(fromBot.filter((e) => e.content[ANNOUNCEMENT_MARKER] === jobId), `copies in ${roomId}`).toHaveLength(1);
}

describe("the bot's encryption device across a crash and a restart", () => {
  let c: Community;
  let server: ServerProcess;
  let member: E2eeTestClient;
  let moderator: E2eeTestClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 0 });
    await c.bot.client.sendState(c.moderatorRoom.roomId, ENCRYPTION.type, "", ENCRYPTION.content);
    env = communityEnv(c, { PORT: "0", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-e2ee-kill-")), MODERATOR_NOTICES: "off", LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    member?.stop();
    moderator?.stop();
    await server?.stop("SIGKILL");
  });

  it("finishes an announcement to 30 encrypted rooms after SIGKILL with exactly one readable copy in each", async () => {
    const rooms = await encryptedRooms(c, 30);
    // Synapse's limiter stays on, tighter in time than the default so the run takes seconds: the kill lands mid-job.
    await c.bot.client.request("POST", `/_synapse/admin/v1/users/${encodeURIComponent(c.bot.userId)}/override_ratelimit`, { messages_per_second: 2, burst_count: 5 });
    server = await startServerProcess(env);
    [member, moderator] = await Promise.all([E2eeTestClient.start(hs, c.members[0]!), E2eeTestClient.start(hs, c.moderators[0]!)]);
    for (const person of [member, moderator]) await person.refreshDevicesOf([c.bot.userId]);
    const deviceBefore = (await new TestClient(hs.baseUrl, c.bot.accessToken, c.bot.userId).request("GET", "/_matrix/client/v3/account/whoami")).device_id;

    let token = await signInTo(server, c.moderators[0]!);
    const jobId = await announce(server.api, token, rooms, "Encrypted and crash-proof");
    const part = await waitForJob(server.api, token, jobId, (j) => j.done >= 8);
    expect(part.done).toBeLessThan(30);
    await server.stop("SIGKILL");

    server = await startServerProcess(env);
    token = await signInTo(server, c.moderators[0]!);
    expect(await waitForJob(server.api, token, jobId, (j) => j.state === "done", 120_000)).toMatchObject({ total: 30, done: 30, failed: 0 });
    for (const room of rooms) await expectOneReadableCopy(member, c, room, jobId);
    expect(await botDevices(c.bot.accessToken, c)).toEqual([deviceBefore]);
  }, 240_000);

  it("keeps its device over a clean restart (exit code 0), and messages decrypt both ways", async () => {
    await server.stop("SIGTERM");
    expect(server.child.exitCode).toBe(0);
    const devicesBefore = await botDevices(c.bot.accessToken, c);
    server = await startServerProcess(env);
    expect(await botDevices(c.bot.accessToken, c)).toEqual(devicesBefore);
    expect(server.output()).toContain("end-to-end encryption is on");

    const token = await signInTo(server, c.moderators[0]!);
    const [room] = await encryptedRooms(c, 1);
    const jobId = await announce(server.api, token, [room!], "After the restart");
    await waitForJob(server.api, token, jobId, (j) => j.state === "done");
    expect((await member.waitForMessage(room!, c.bot.userId, (content) => content[ANNOUNCEMENT_MARKER] === jobId)).content.body).toBe("After the restart");

    // The other way: a command the moderator's client encrypts for the bot's (same) device.
    const commandId = await moderator.send(c.moderatorRoom.roomId, { msgtype: "m.text", body: "!dash jobs" });
    const reply = await moderator.waitForMessage(c.moderatorRoom.roomId, c.bot.userId, (content) => content["m.relates_to"]?.["m.in_reply_to"]?.event_id === commandId, 30_000);
    expect(reply.content.body).toContain(jobId.slice(0, 8));
  }, 120_000);
});

describe("token rotation with encryption on", () => {
  let c: Community;
  let server: ServerProcess;
  let member: E2eeTestClient;
  let moderator: E2eeTestClient;
  let envFile: string;
  let dataDir: string;
  let room: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 0 });
    await c.bot.client.sendState(c.moderatorRoom.roomId, ENCRYPTION.type, "", ENCRYPTION.content);
    const dir = mkdtempSync(path.join(os.tmpdir(), "dash-e2ee-rotate-"));
    envFile = path.join(dir, ".env");
    dataDir = path.join(dir, "data");
    updateEnvFile(envFile, communityEnv(c, { PORT: "0", DATA_DIR: dataDir, MODERATOR_NOTICES: "off", LOG_LEVEL: "info" }));
    room = (await encryptedRooms(c, 1))[0]!;
    server = await startServerProcess({ ENV_FILE: envFile });
    [member, moderator] = await Promise.all([E2eeTestClient.start(hs, c.members[0]!), E2eeTestClient.start(hs, c.moderators[0]!)]);
  });
  afterAll(async () => {
    member?.stop();
    moderator?.stop();
    await server?.stop();
  });

  it("moves to the new token's device with a new store, logs the old device out, and encryption still works", async () => {
    const oldDevice = (await botDevices(c.bot.accessToken, c))[0]!;
    const oldStore = path.join(dataDir, "crypto", oldDevice);
    expect(existsSync(oldStore)).toBe(true);

    const res = await runCli("server/entry/token-rotation/cli.ts", [], { env: { ENV_FILE: envFile, DASHBOARD_BOT_PASSWORD: c.bot.password } });
    expect(res.code, res.stderr).toBe(0);
    const newToken = parse(readFileSync(envFile)).MATRIX_ACCESS_TOKEN!;
    const devices = await botDevices(newToken, c);
    expect(devices).toHaveLength(1);
    const newDevice = devices[0]!;
    expect(newDevice).not.toBe(oldDevice);
    expect(existsSync(oldStore)).toBe(false);
    expect(existsSync(path.join(dataDir, "crypto", newDevice)), server.output()).toBe(true);
    expect(statSync(path.join(dataDir, "crypto", newDevice)).mode & 0o777).toBe(0o700);
    expect(server.output()).toContain(`encryption runs on device ${newDevice}`);

    // People's clients learn the new device from the device-list change in their sync.
    for (const person of [member, moderator]) await person.refreshDevicesOf([c.bot.userId]);
    const token = await signInTo(server, c.moderators[0]!);
    const jobId = await announce(server.api, token, [room], "From the new device");
    await waitForJob(server.api, token, jobId, (j) => j.state === "done");
    expect((await member.waitForMessage(room, c.bot.userId, (content) => content[ANNOUNCEMENT_MARKER] === jobId)).content.body).toBe("From the new device");

    const commandId = await moderator.send(c.moderatorRoom.roomId, { msgtype: "m.text", body: "!dash jobs" });
    const reply = await moderator.waitForMessage(c.moderatorRoom.roomId, c.bot.userId, (content) => content["m.relates_to"]?.["m.in_reply_to"]?.event_id === commandId, 30_000);
    expect(reply.content.body).toContain(jobId.slice(0, 8));
  }, 120_000);
});
