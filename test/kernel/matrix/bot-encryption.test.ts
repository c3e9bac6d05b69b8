import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { statSync } from "node:fs";
import path from "node:path";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob } from "../../helpers/jobs.ts";
import { eventually } from "../../helpers/eventually.ts";
import { E2eeTestClient } from "../../helpers/e2ee-client.ts";
import { ANNOUNCEMENT_MARKER } from "../../../server/features/announcements/announce.ts";

const hs = inject("synapse");
const ENCRYPTION = { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } };

describe("the bot in encrypted rooms", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  let moderator: E2eeTestClient;
  let member: E2eeTestClient;
  let encryptedRoom: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 2, extraRooms: 0 });
    await c.bot.client.sendState(c.moderatorRoom.roomId, ENCRYPTION.type, "", ENCRYPTION.content);
    encryptedRoom = await c.bot.client.createRoom({ preset: "private_chat", name: "Secret", invite: [c.members[0]!.userId], initial_state: [ENCRYPTION] });
    await c.members[0]!.client.join(encryptedRoom);
    dash = await startDashboard(c);
    [moderator, member] = await Promise.all([E2eeTestClient.start(hs, c.moderators[0]!), E2eeTestClient.start(hs, c.members[0]!)]);
    for (const person of [moderator, member]) await person.refreshDevicesOf([c.bot.userId]);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(async () => {
    moderator?.stop();
    member?.stop();
    await dash?.close();
  });

  it("runs a cross-signed device of the access token, its store in DATA_DIR/crypto readable by the server only", async () => {
    const encryption = dash.ctx.bot.encryption;
    expect(encryption.on).toBe(true);
    if (!encryption.on) return;
    const whoami = await c.bot.client.request("GET", "/_matrix/client/v3/account/whoami");
    expect(encryption.device.deviceId).toBe(whoami.device_id);
    expect(encryption.crossSigning).toEqual({ deviceSigned: true, identityOwned: true });
    expect(statSync(encryption.device.storeDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.dirname(encryption.device.storeDir)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(path.dirname(encryption.device.storeDir), "cross-signing-keys.json")).mode & 0o777).toBe(0o600);

    const health = await dash.api("GET", "/api/health", { token });
    expect(health.body.capabilities.e2ee).toBe(true);
    const check = health.body.checks.find((x: { id: string }) => x.id === "e2ee");
    expect(check.status, JSON.stringify(check)).toBe("ok");
    expect(check.summary).toContain(`device ${whoami.device_id}`);
    expect(check.summary).toContain("cross-signed");
    expect(check.summary).toMatch(/\d+ one-time keys/);
    expect(check.summary).toMatch(/\d+ room keys/);
  });

  it("sends an announcement to an encrypted room that a member's own client decrypts", async () => {
    const body = { markdown: "**Secret** meeting at noon", targets: { kind: "rooms", rooms: [encryptedRoom] } };
    const plan = await dash.api("POST", "/api/actions/announcements.send/plan", { token, body });
    expect(plan.body.plan.skipped).toEqual([]);
    const res = await dash.api("POST", "/api/actions/announcements.send/apply", { token, body });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;
    expect(await waitForJob(dash.api, token, jobId, (j) => j.state === "done")).toMatchObject({ done: 1, failed: 0 });

    const read = await member.waitForMessage(encryptedRoom, c.bot.userId, (content) => content[ANNOUNCEMENT_MARKER] === jobId);
    expect(read.content.body).toBe("**Secret** meeting at noon");
    // The homeserver holds only ciphertext.
    const onServer = await c.members[0]!.client.messages(encryptedRoom, 20);
    expect(onServer.find((e) => e.event_id === read.event_id)?.type).toBe("m.room.encrypted");
    expect(JSON.stringify(onServer)).not.toContain("Secret** meeting");
  });

  it("runs a command written in the encrypted moderator room and answers it encrypted", async () => {
    const target = c.members[1]!.userId;
    const commandId = await moderator.send(c.moderatorRoom.roomId, { msgtype: "m.text", body: `!dash invite ${target} ${encryptedRoom}` });
    const reply = await moderator.waitForMessage(
      c.moderatorRoom.roomId,
      c.bot.userId,
      (content) => content["m.relates_to"]?.["m.in_reply_to"]?.event_id === commandId,
      30_000,
    );
    expect(reply.content.body).toMatch(/invit/i);
    await eventually(async () => expect((await c.bot.client.state(encryptedRoom, "m.room.member", target)).membership).toBe("invite"));
  });

  it("writes the conflict room's opening message encrypted in the room, and the reason nowhere the server can read", async () => {
    const reason = `Quarrel ${Date.now()} about the picnic`;
    const res = await dash.api("POST", "/api/actions/moderation.conflict-room/apply", {
      token,
      body: { parties: [c.members[0]!.userId, c.members[1]!.userId], reason },
    });
    expect(res.status, res.text).toBe(200);
    const roomId = res.body.result.roomId;
    expect(res.body.result.openingEventId).toMatch(/^\$/);
    await c.members[0]!.client.join(roomId);
    const opening = await member.waitForMessage(roomId, c.bot.userId, (content) => String(content.body).includes(reason), 30_000);
    expect(opening.content.msgtype).toBe("m.notice");
    const state = await c.bot.client.allState(roomId);
    expect(JSON.stringify(state)).not.toContain(reason);
    expect(JSON.stringify(await c.members[0]!.client.messages(roomId, 50))).not.toContain(reason);
  });
});
