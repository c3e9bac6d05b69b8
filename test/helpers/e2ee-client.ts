import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EncryptedRoomEvent, MatrixClient, MemoryStorageProvider, RustSdkCryptoStorageProvider } from "matrix-bot-sdk";
import type { SynapseInfo } from "../synapse/synapse.ts";
import { eventually } from "./eventually.ts";

const SQLITE_STORE = 0;

export type ClearEvent = { event_id: string; sender: string; type: string; content: Record<string, any>; decrypted: boolean };

/**
 * A person's own end-to-end encrypted client, as a real one works: matrix-bot-sdk with the native
 * Rust crypto on a SQLite store, syncing (/sync) for its to-device messages. It reads a room's
 * history and decrypts what it can, the way a person's Element would show it.
 */
export class E2eeTestClient {
  readonly client: MatrixClient;
  readonly userId: string;
  deviceId = "";

  private constructor(client: MatrixClient, userId: string) {
    this.client = client;
    this.userId = userId;
  }

  static async start(hs: SynapseInfo, person: { userId: string; accessToken: string }): Promise<E2eeTestClient> {
    const store = new RustSdkCryptoStorageProvider(mkdtempSync(path.join(os.tmpdir(), "e2ee-client-")), SQLITE_STORE);
    const client = new MatrixClient(hs.baseUrl, person.accessToken, new MemoryStorageProvider(), store);
    client.syncingTimeout = 2_000;
    await client.start();
    const e2ee = new E2eeTestClient(client, person.userId);
    e2ee.deviceId = client.crypto.clientDeviceId;
    return e2ee;
  }

  /** The room's recent messages, newest first, decrypted where this device has the key. */
  async messages(roomId: string, limit = 100): Promise<ClearEvent[]> {
    const res = await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, { dir: "b", limit });
    const out: ClearEvent[] = [];
    for (const raw of res.chunk as Array<{ event_id: string; sender: string; type: string; content: Record<string, any> }>) {
      if (raw.type !== "m.room.encrypted") {
        out.push({ ...raw, decrypted: false });
        continue;
      }
      const clear = await this.client.crypto.decryptRoomEvent(new EncryptedRoomEvent(raw), roomId).catch(() => null);
      out.push(clear ? { event_id: raw.event_id, sender: raw.sender, type: clear.type, content: clear.content as Record<string, any>, decrypted: true } : { ...raw, decrypted: false });
    }
    return out;
  }

  /** Waits until a message from `sender` matching `match` can be read (its room key may still be on its way). */
  async waitForMessage(roomId: string, sender: string, match: (content: Record<string, any>) => boolean, timeoutMs = 20_000): Promise<ClearEvent> {
    return eventually(async () => {
      const found = (await this.messages(roomId)).find((e) => e.sender === sender && e.decrypted && match(e.content));
      if (!found) throw new Error(`no decryptable message from ${sender} in ${roomId} matched`);
      return found;
    }, timeoutMs);
  }

  /**
   * Fetches these users' current devices, as the client's sync does when the homeserver reports a
   * device-list change (a new bot device, say), without waiting for that sync. This Rust crypto
   * version drops a room key that comes from a device it does not know yet.
   */
  async refreshDevicesOf(userIds: string[]): Promise<void> {
    await (this.client.crypto as unknown as { engine: { addTrackedUsers(u: string[]): Promise<void> } }).engine.addTrackedUsers(userIds);
    await this.client.crypto.updateSyncData([], {}, [], userIds, []);
  }

  /** Sends a message, encrypted where the room is. */
  send(roomId: string, content: Record<string, unknown>): Promise<string> {
    return this.client.sendMessage(roomId, content);
  }

  /**
   * Stops syncing. The crypto machine is left open on purpose: the sync under way would use it
   * after a close and abort the process; the test process ends with process.exit, which is safe.
   */
  stop(): void {
    this.client.stop();
  }
}
