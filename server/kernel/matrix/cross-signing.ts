import { createPrivateKey, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { DeviceRequest } from "./bot-device.ts";

const canonicalJson = createRequire(import.meta.url)("another-json").stringify as (value: unknown) => string;

type Usage = "master" | "self_signing" | "user_signing";
type StoredKey = { publicKey: string; privateJwk: JsonWebKey };
type StoredKeys = Record<Usage, StoredKey>;
type CrossSigningKey = { user_id: string; usage: string[]; keys: Record<string, string>; signatures?: Record<string, Record<string, string>> };
type KeysQuery = {
  master_keys?: Record<string, CrossSigningKey>;
  self_signing_keys?: Record<string, CrossSigningKey>;
  device_keys?: Record<string, Record<string, { signatures?: Record<string, Record<string, string>> } & Record<string, unknown>>>;
};

export type CrossSigningState = {
  /** The bot's device carries a signature of the account's self-signing key. */
  deviceSigned: boolean;
  /** The account has a cross-signing identity whose private keys are in this data folder. */
  identityOwned: boolean;
  /** Why the device is not cross-signed, when it is not. */
  problem?: string;
};

const KEYS_FILE = "cross-signing-keys.json";
const unpadded = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

function publicKeyOf(key: KeyObject): string {
  return unpadded(Buffer.from(key.export({ format: "jwk" }).x!, "base64url"));
}

/** A Matrix signature: ed25519 over the canonical JSON of the object without `signatures` and `unsigned`. */
function signObject(object: Record<string, unknown>, key: StoredKey): string {
  const { signatures: _s, unsigned: _u, ...signed } = object;
  return unpadded(sign(null, Buffer.from(canonicalJson(signed)), createPrivateKey({ key: key.privateJwk, format: "jwk" })));
}

function newKey(): StoredKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { publicKey: publicKeyOf(publicKey), privateJwk: privateKey.export({ format: "jwk" }) };
}

function keyObject(userId: string, usage: Usage, key: StoredKey): CrossSigningKey {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${key.publicKey}`]: key.publicKey } };
}

function signedBy(object: { signatures?: Record<string, Record<string, string>> } | undefined, userId: string, publicKey: string): boolean {
  return Boolean(object?.signatures?.[userId]?.[`ed25519:${publicKey}`]);
}

/**
 * Gives the bot's account a cross-signing identity and signs the bot's current device with it, so
 * clients that share keys only with devices their owner cross-signed include the bot, and show its
 * messages without a warning. The private keys stay in DATA_DIR/crypto (0600): a device of a
 * rotated token is signed with the same identity. Synapse accepts the first upload of an identity
 * without a password (MSC3967); replacing one needs the account's password, which the bot does not have.
 */
export async function ensureCrossSigned(o: { userId: string; deviceId: string; cryptoDir: string; request: DeviceRequest }): Promise<CrossSigningState> {
  const file = path.join(o.cryptoDir, KEYS_FILE);
  const query = async (): Promise<KeysQuery> => o.request("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [o.userId]: [] } });
  let keys: StoredKeys | undefined = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
  let server = await query();
  let master = server.master_keys?.[o.userId];
  if (!master) {
    keys ??= { master: newKey(), self_signing: newKey(), user_signing: newKey() };
    // Kept before the upload: a crash in between must not leave an identity nobody holds the keys of.
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
    const upload: Record<string, CrossSigningKey> = {
      master_key: keyObject(o.userId, "master", keys.master),
      self_signing_key: keyObject(o.userId, "self_signing", keys.self_signing),
      user_signing_key: keyObject(o.userId, "user_signing", keys.user_signing),
    };
    for (const name of ["self_signing_key", "user_signing_key"] as const) {
      upload[name]!.signatures = { [o.userId]: { [`ed25519:${keys.master.publicKey}`]: signObject(upload[name]!, keys.master) } };
    }
    try {
      await o.request("POST", "/_matrix/client/v3/keys/device_signing/upload", null, upload);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      const problem =
        status === 401
          ? "the homeserver asks for the bot's password to publish a cross-signing identity (it allows the first one without, MSC3967)"
          : `publishing the cross-signing identity failed: ${(err as Error).message}`;
      return { deviceSigned: false, identityOwned: false, problem };
    }
    server = await query();
    master = server.master_keys?.[o.userId];
  }
  const owned = Boolean(keys && master?.keys[`ed25519:${keys.master.publicKey}`]);
  if (!owned || !keys) {
    return {
      deviceSigned: false,
      identityOwned: false,
      problem: "the account already has a cross-signing identity whose private keys are not in this data folder (it was set up elsewhere)",
    };
  }
  const device = server.device_keys?.[o.userId]?.[o.deviceId];
  if (!device) return { deviceSigned: false, identityOwned: true, problem: "the device has not published its keys yet" };
  if (!signedBy(device, o.userId, keys.self_signing.publicKey)) {
    const { unsigned: _u, ...deviceKeys } = device;
    const signature = signObject(deviceKeys, keys.self_signing);
    const signed = { ...deviceKeys, signatures: { [o.userId]: { [`ed25519:${keys.self_signing.publicKey}`]: signature } } };
    const res = await o.request("POST", "/_matrix/client/v3/keys/signatures/upload", null, { [o.userId]: { [o.deviceId]: signed } });
    const failure = res?.failures?.[o.userId]?.[o.deviceId];
    if (failure) return { deviceSigned: false, identityOwned: true, problem: `the homeserver refused the device's signature: ${JSON.stringify(failure)}` };
  }
  return { deviceSigned: true, identityOwned: true };
}

/** Whether the device is cross-signed, as the homeserver publishes it (doctor, with no device open). */
export async function crossSigningOnServer(request: DeviceRequest, userId: string, deviceId: string): Promise<{ identity: boolean; deviceSigned: boolean; deviceKeys: boolean }> {
  const server: KeysQuery = await request("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [userId]: [] } });
  const selfSigning = server.self_signing_keys?.[userId];
  const sskPublic = selfSigning ? Object.values(selfSigning.keys)[0] : undefined;
  const device = server.device_keys?.[userId]?.[deviceId];
  return { identity: Boolean(server.master_keys?.[userId]), deviceKeys: Boolean(device), deviceSigned: Boolean(sskPublic && signedBy(device, userId, sskPublic)) };
}
