import { afterAll, describe, expect, inject, it } from "vitest";
import { seedCommunity } from "../../synapse/community.ts";
import { startDashboard, type TestDashboard, signIn } from "../../helpers/dashboard.ts";
import { eventually } from "../../helpers/commands.ts";

const hs = inject("synapse");

describe("an encrypted moderator room without end-to-end encryption", () => {
  let dash: TestDashboard;
  afterAll(() => dash?.close());

  it("is reported by doctor and in the log, and encrypted messages are not taken for commands", async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    const room = c.moderatorRoom.roomId;
    await c.bot.client.sendState(room, "m.room.encryption", "", { algorithm: "m.megolm.v1.aes-sha2" });
    dash = await startDashboard(c);
    const logged = (text: string) => dash.logLines.filter((l) => l.includes(text));
    expect(logged("the moderator room is encrypted: chat commands written there cannot be read")).toHaveLength(1);

    const health = await dash.api("GET", "/api/health", { token: await signIn(dash, c.moderators[0]!) });
    expect(health.body.checks.find((check: { id: string }) => check.id === "moderator-room-encryption")).toMatchObject({
      status: "warn",
      cause: expect.stringContaining("chat commands will not work there"),
    });

    // What an E2EE client sends in an encrypted room: only ciphertext, which this bot cannot read.
    const encrypted = { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgAEnAc", sender_key: "k", device_id: "DEVICE", session_id: "s" };
    for (const txn of ["e1", "e2"]) {
      await c.moderators[0]!.client.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.encrypted/${txn}`, encrypted);
    }
    await eventually(() => expect(logged("an encrypted message arrived and the bot cannot decrypt it")).toHaveLength(1));
  });
});
