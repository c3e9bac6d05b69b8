import { chmodSync, mkdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { withKeyLock } from "./key-lock.ts";

const require = createRequire(import.meta.url);

/** The parts of the native binding (@matrix-org/matrix-sdk-crypto-nodejs 0.4.0) the bot uses. */
type Binding = {
  OlmMachine: { initialize(user: unknown, device: unknown, storePath: string, passphrase: string, storeType: number): Promise<OlmMachine> };
  UserId: new (id: string) => unknown;
  DeviceId: new (id: string) => unknown;
  RoomId: new (id: string) => unknown;
  DeviceLists: new (changed: unknown[], left: unknown[]) => unknown;
  EncryptionSettings: new () => { algorithm: number; rotationPeriod: bigint; rotationPeriodMessages: bigint; historyVisibility: number };
};
type OutgoingRequest = { id: string; type: number; body: string; txnId?: string; eventType?: string };
type OlmMachine = {
  identityKeys: { ed25519: { toBase64(): string }; curve25519: { toBase64(): string } };
  receiveSyncChanges(toDevice: string, lists: unknown, otkCounts: Record<string, number>, fallbackKeys: string[]): Promise<string>;
  outgoingRequests(): Promise<OutgoingRequest[]>;
  markRequestAsSent(id: string, type: number, response: string): Promise<boolean>;
  getMissingSessions(users: unknown[]): Promise<OutgoingRequest | null>;
  updateTrackedUsers(users: unknown[]): Promise<void>;
  shareRoomKey(room: unknown, users: unknown[], settings: unknown): Promise<OutgoingRequest[]>;
  encryptRoomEvent(room: unknown, type: string, content: string): Promise<string>;
  decryptRoomEvent(event: string, room: unknown): Promise<{ event: string }>;
  roomKeyCounts(): Promise<{ total: number }>;
  close(): void;
};

const STORE_TYPE_SQLITE = 0;
const MEGOLM = 1;
const REQUEST = { keysUpload: 0, keysQuery: 1, keysClaim: 2, toDevice: 3, signatureUpload: 4 } as const;
const HISTORY_VISIBILITY: Record<string, number> = { invited: 0, joined: 1, shared: 2, world_readable: 3 };

/** What the device needs to know about an encrypted room (its m.room.encryption and history visibility). */
export type RoomEncryption = { rotationPeriodMs?: number; rotationPeriodMsgs?: number; historyVisibility: string };

/** Sends one request as the bot (through the client's retry layer) and returns the parsed answer. */
export type DeviceRequest = (method: string, path: string, query: Record<string, unknown> | null, body: unknown) => Promise<any>;

/** One device's store: DATA_DIR/crypto/<device id>, readable by the server's user only. */
export function deviceStoreDir(cryptoDir: string, deviceId: string): string {
  return path.join(cryptoDir, encodeURIComponent(deviceId));
}

export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * The bot's end-to-end encryption device: matrix-sdk-crypto's OlmMachine on a SQLite store, which
 * keeps keys and sessions across restarts and SIGKILL. It performs the requests the machine asks
 * for (key upload, queries, claims, to-device) one batch at a time, encrypts for everyone in a room
 * who may read it (invited people too, unless the room's history is "joined" only) and decrypts
 * with the room keys it received.
 */
export class BotDevice {
  readonly userId: string;
  readonly deviceId: string;
  readonly storeDir: string;
  private readonly binding: Binding;
  private readonly machine: OlmMachine;
  private readonly request: DeviceRequest;
  /** Operations under way; close() waits for them, since a closed machine aborts the process when used. */
  private inUse = 0;
  private drained: (() => void) | undefined;
  private closing = false;

  private constructor(binding: Binding, machine: OlmMachine, o: { userId: string; deviceId: string; storeDir: string; request: DeviceRequest }) {
    this.binding = binding;
    this.machine = machine;
    this.userId = o.userId;
    this.deviceId = o.deviceId;
    this.storeDir = o.storeDir;
    this.request = o.request;
  }

  static async open(o: { userId: string; deviceId: string; storeDir: string; request: DeviceRequest }): Promise<BotDevice> {
    const binding = require("@matrix-org/matrix-sdk-crypto-nodejs") as Binding;
    makePrivateDir(path.dirname(o.storeDir));
    makePrivateDir(o.storeDir);
    // No passphrase: the store is as safe as the access token beside it (.env), in a folder only the server's user can read.
    const machine = await binding.OlmMachine.initialize(new binding.UserId(o.userId), new binding.DeviceId(o.deviceId), o.storeDir, "", STORE_TYPE_SQLITE);
    const device = new BotDevice(binding, machine, o);
    try {
      await device.sendOutgoing();
    } catch (err) {
      machine.close();
      throw err;
    }
    return device;
  }

  get identityKeys(): { ed25519: string; curve25519: string } {
    return { ed25519: this.machine.identityKeys.ed25519.toBase64(), curve25519: this.machine.identityKeys.curve25519.toBase64() };
  }

  /** What a sync (here the sliding-sync `to_device` and `e2ee` extensions) brought for the device. */
  receiveSync(s: { toDevice: unknown[]; changed: string[]; left: string[]; oneTimeKeyCounts: Record<string, number>; unusedFallbackKeyTypes: string[] }): Promise<void> {
    return this.use(() => this.receive(s));
  }

  private async receive(s: { toDevice: unknown[]; changed: string[]; left: string[]; oneTimeKeyCounts: Record<string, number>; unusedFallbackKeyTypes: string[] }): Promise<void> {
    const { UserId, DeviceLists } = this.binding;
    const lists = new DeviceLists(s.changed.map((u) => new UserId(u)), s.left.map((u) => new UserId(u)));
    await this.oneAtATime(() => this.machine.receiveSyncChanges(JSON.stringify(s.toDevice), lists, s.oneTimeKeyCounts, s.unusedFallbackKeyTypes));
    await this.sendOutgoing();
  }

  /**
   * Follows these users' devices (device-list changes then arrive through the sync). The machine
   * drops a room key sent by a device it does not know, so the people whose messages the bot must
   * read are followed before they write.
   */
  trackUsers(userIds: string[]): Promise<void> {
    return this.use(async () => {
      await this.machine.updateTrackedUsers(userIds.map((u) => new this.binding.UserId(u)));
      await this.sendOutgoing();
    });
  }

  /** The content of an m.room.encrypted event carrying `content`; shares the room key first where someone lacks it. */
  encrypt(roomId: string, type: string, content: object, room: RoomEncryption, members: string[]): Promise<object> {
    return this.use(() => this.encryptNow(roomId, type, content, room, members));
  }

  private async encryptNow(roomId: string, type: string, content: object, room: RoomEncryption, members: string[]): Promise<object> {
    const { UserId, RoomId, EncryptionSettings } = this.binding;
    const users = members.map((u) => new UserId(u));
    await this.machine.updateTrackedUsers(users);
    await this.sendOutgoing();
    await this.oneAtATime(async () => {
      const claim = await this.machine.getMissingSessions(users);
      if (claim) await this.perform(claim);
    });
    const settings = new EncryptionSettings();
    settings.algorithm = MEGOLM;
    settings.historyVisibility = HISTORY_VISIBILITY[room.historyVisibility] ?? HISTORY_VISIBILITY.shared!;
    // The spec's defaults: a week or 100 messages.
    settings.rotationPeriod = BigInt((room.rotationPeriodMs ?? 7 * 24 * 3600_000) * 1000);
    settings.rotationPeriodMessages = BigInt(room.rotationPeriodMsgs ?? 100);
    // Two sends into one room at once would each start a session.
    return withKeyLock(`e2ee room ${this.deviceId} ${roomId}`, async () => {
      for (const share of await this.machine.shareRoomKey(new RoomId(roomId), users, settings)) await this.perform(share);
      return JSON.parse(await this.machine.encryptRoomEvent(new RoomId(roomId), type, JSON.stringify(content)));
    });
  }

  /** The clear event (type and content) of an m.room.encrypted event; throws when the room key is missing. */
  decrypt(roomId: string, event: object): Promise<{ type: string; content: Record<string, unknown> }> {
    return this.use(async () => {
      const decrypted = await this.machine.decryptRoomEvent(JSON.stringify(event), new this.binding.RoomId(roomId));
      const clear = JSON.parse(decrypted.event) as { type?: string; content?: Record<string, unknown> };
      return { type: clear.type ?? "m.unknown", content: clear.content ?? {} };
    });
  }

  roomKeyCount(): Promise<number> {
    return this.use(async () => (await this.machine.roomKeyCounts()).total);
  }

  /** Sends whatever the machine has queued (key uploads, key queries, to-device messages). */
  private async sendOutgoing(): Promise<void> {
    await this.oneAtATime(async () => {
      for (const req of await this.machine.outgoingRequests()) await this.perform(req);
    });
  }

  /**
   * Releases the store once the operations under way have finished; later ones are refused.
   * Required before the process ends: a process that ends by itself with a machine open exits
   * with 134 (a panic in the binding's runtime).
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.inUse > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.machine.close();
  }

  private async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) throw new Error(`the encryption device ${this.deviceId} has been closed (token rotated or server stopping)`);
    this.inUse++;
    try {
      return await work();
    } finally {
      if (--this.inUse === 0) this.drained?.();
    }
  }

  /** The machine hands out the same pending requests until they are marked sent: one sender at a time. */
  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    return withKeyLock(`e2ee outgoing ${this.deviceId}`, work);
  }

  private async perform(req: OutgoingRequest): Promise<void> {
    const body = JSON.parse(req.body);
    let response: unknown;
    switch (req.type) {
      case REQUEST.keysUpload:
        response = await this.request("POST", "/_matrix/client/v3/keys/upload", null, body);
        break;
      case REQUEST.keysQuery:
        response = await this.request("POST", "/_matrix/client/v3/keys/query", null, body);
        break;
      case REQUEST.keysClaim:
        response = await this.request("POST", "/_matrix/client/v3/keys/claim", null, body);
        break;
      case REQUEST.toDevice: {
        const type = req.eventType ?? body.event_type;
        const txnId = req.txnId ?? body.txn_id;
        const path = `/_matrix/client/v3/sendToDevice/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
        response = await this.request("PUT", path, null, { messages: body.messages });
        break;
      }
      case REQUEST.signatureUpload:
        response = await this.request("POST", "/_matrix/client/v3/keys/signatures/upload", null, body);
        break;
      default:
        // Room messages (verification) and key backup: the bot does neither.
        return;
    }
    await this.machine.markRequestAsSent(req.id, req.type, JSON.stringify(response));
  }
}
