import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { promisify } from "node:util";
import { cacheDir, projectRoot, venvPython } from "./install.ts";
import { Synapse } from "./synapse.ts";
import { freePort } from "./free-port.ts";
import { stopChild } from "./stop-child.ts";

const run = promisify(execFile);

/**
 * The real mautrix-whatsapp (bridgev2) the bridge suites run against, beside the fake. Found in
 * ../shared/vendor/mautrix-whatsapp (a gzipped linux-amd64 build) or at MAUTRIX_WHATSAPP_BINARY
 * (the .gz or the binary itself); unpacked once into .cache.
 */
export const VENDOR_DIR = path.resolve(projectRoot, "../shared/vendor/mautrix-whatsapp");
const BINARY_SHA256 = "7fbc3756caaa41c536b36b27a872bdaae94cefc67a51a75f79806fcbf37ed730";

export type WhatsappBinary = { path: string } | { path: null; why: string };

/** The unpacked binary, or why there is none (the suites then skip, except in CI where that fails). */
export function ensureWhatsappBinary(): WhatsappBinary {
  const configured = process.env.MAUTRIX_WHATSAPP_BINARY?.trim();
  const source = configured || (existsSync(VENDOR_DIR) ? readdirSync(VENDOR_DIR).filter((f) => f.endsWith(".gz")).map((f) => path.join(VENDOR_DIR, f))[0] : undefined);
  if (!source || !existsSync(source)) {
    return { path: null, why: configured ? `MAUTRIX_WHATSAPP_BINARY=${configured} does not exist` : `no mautrix-whatsapp binary in ${VENDOR_DIR} (or set MAUTRIX_WHATSAPP_BINARY)` };
  }
  if (!source.endsWith(".gz")) return { path: source };
  const target = path.join(cacheDir, "mautrix-whatsapp", path.basename(source, ".gz"));
  if (existsSync(target)) return { path: target };
  const binary = gunzipSync(readFileSync(source));
  const sha = createHash("sha256").update(binary).digest("hex");
  if (!configured && sha !== BINARY_SHA256) return { path: null, why: `${source} unpacks to sha256 ${sha}, not the vendored build ${BINARY_SHA256}` };
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, binary, { mode: 0o755 });
  renameSync(partial, target);
  return { path: target };
}

// The bridge dies with its parent, like the test Synapse (PR_SET_PDEATHSIG survives exec).
const LAUNCHER = `
import ctypes, os, signal, sys
ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
os.execv(sys.argv[1], sys.argv[1:])
`;

export type WhatsappOptions = {
  binary: string;
  dir: string;
  port: number;
  homeserverUrl: string;
  serverName: string;
  /** bridge.permissions: Matrix user, server or "*" to relay/commands/user/admin. */
  permissions: Record<string, string>;
  relay?: { enabled: boolean; adminOnly?: boolean; defaultRelays?: string[] };
};

/** One mautrix-whatsapp process, configured for one test homeserver on loopback. */
export class MautrixWhatsapp {
  readonly secret = randomBytes(16).toString("hex");
  readonly url: string;
  readonly botUserId: string;
  readonly appserviceId = "whatsapp";
  readonly commandPrefix = "!wa";
  readonly puppetPrefix = "whatsapp_";
  readonly registrationFile: string;
  readonly dbFile: string;
  readonly options: WhatsappOptions;
  private readonly configFile: string;
  private readonly tokens = { as: randomBytes(24).toString("hex"), hs: randomBytes(24).toString("hex") };
  private process: ChildProcess | undefined;

  /** Writes config.yaml (JSON is YAML; the bridge fills in its defaults) and the appservice registration. */
  constructor(options: WhatsappOptions) {
    this.options = options;
    this.url = `http://127.0.0.1:${options.port}`;
    this.botUserId = `@whatsappbot:${options.serverName}`;
    mkdirSync(options.dir, { recursive: true });
    this.configFile = path.join(options.dir, "config.yaml");
    this.registrationFile = path.join(options.dir, "registration.yaml");
    this.dbFile = path.join(options.dir, "whatsapp.db");
    this.writeConfig();
    const server = options.serverName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const registration = {
      id: this.appserviceId,
      url: this.url,
      as_token: this.tokens.as,
      hs_token: this.tokens.hs,
      sender_localpart: randomBytes(8).toString("hex"),
      rate_limited: false,
      namespaces: { users: [{ regex: `^@whatsappbot:${server}$`, exclusive: true }, { regex: `^@whatsapp_.*:${server}$`, exclusive: true }], aliases: [], rooms: [] },
      "de.sorunome.msc2409.push_ephemeral": true,
      receive_ephemeral: true,
    };
    writeFileSync(this.registrationFile, JSON.stringify(registration, null, 2));
  }

  /** Rewrites config.yaml from the options (takes effect at the next start). */
  writeConfig(): void {
    const o = this.options;
    const relay = o.relay ?? { enabled: true };
    const config = {
      homeserver: { address: o.homeserverUrl, domain: o.serverName },
      appservice: { address: this.url, hostname: "127.0.0.1", port: o.port, id: this.appserviceId, as_token: this.tokens.as, hs_token: this.tokens.hs },
      database: { type: "sqlite3-fk-wal", uri: `file:${this.dbFile}?_txlock=immediate` },
      provisioning: { shared_secret: this.secret, allow_matrix_auth: true },
      bridge: {
        permissions: o.permissions,
        // Portals put in place by tests get their m.bridge state from the bridge at the next start.
        resend_bridge_info: true,
        relay: { enabled: relay.enabled, admin_only: relay.adminOnly ?? true, default_relays: relay.defaultRelays ?? [] },
      },
      logging: { min_level: "debug", writers: [{ type: "file", format: "json", filename: path.join(o.dir, "bridge.log") }] },
    };
    writeFileSync(this.configFile, JSON.stringify(config, null, 2));
  }

  /** Starts the bridge once its homeserver runs; resolves when it says it is ready. */
  async start(): Promise<void> {
    const log = openSync(path.join(this.options.dir, "bridge.stdout.log"), "a");
    // -n: the bridge keeps our JSON config as it is (it would otherwise rewrite it as YAML).
    this.process = spawn(venvPython(), ["-c", LAUNCHER, this.options.binary, "-n", "-c", this.configFile], { cwd: this.options.dir, stdio: ["ignore", log, log] });
    const exited = new Promise<never>((_, reject) =>
      this.process!.once("exit", (code) => reject(new Error(`mautrix-whatsapp exited with code ${code}; see ${this.options.dir}/bridge.log`))),
    );
    exited.catch(() => {});
    await Promise.race([this.waitReady(60_000), exited]);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    await stopChild(child);
  }

  /**
   * Puts a login in place for `userId` as if it had linked an account (the bridge reads logins at
   * start-up, so it restarts). It cannot reach WhatsApp, so the login reports BAD_CREDENTIALS.
   */
  async addLogin(userId: string, login: { id: string; name: string }): Promise<void> {
    await this.stop();
    await this.sql(`INSERT OR IGNORE INTO "user" (bridge_id, mxid) VALUES ('', ?)`, [userId]);
    await this.sql("INSERT INTO user_login (bridge_id, user_mxid, id, remote_name, metadata) VALUES ('', ?, ?, ?, '{}')", [userId, login.id, login.name]);
    await this.start();
  }

  /** Makes `roomId` the portal of WhatsApp group `chatId`: at its restart the bridge writes m.bridge there itself. */
  async addPortal(roomId: string, chat: { id: string; name: string }): Promise<void> {
    await this.stop();
    await this.sql(
      `INSERT INTO portal (bridge_id, id, receiver, mxid, name, topic, avatar_id, avatar_hash, avatar_mxc, name_set, avatar_set, topic_set, in_space, room_type, metadata)
       VALUES ('', ?, '', ?, ?, '', '', '', '', 1, 0, 0, 0, '', '{}')`,
      [chat.id, roomId, chat.name],
    );
    await this.start();
  }

  /** The Matrix room of the portal for `chatId`, null when it has none (after unbridge). */
  async portalRoom(chatId: string): Promise<string | null> {
    const rows = (await this.sql("SELECT mxid FROM portal WHERE id = ?", [chatId])) as Array<[string | null]>;
    return rows[0]?.[0] ?? null;
  }

  /** Whether `roomId` is the Matrix room of one of the bridge's portals. */
  async isPortalRoom(roomId: string): Promise<boolean> {
    return ((await this.sql("SELECT 1 FROM portal WHERE mxid = ?", [roomId])) as unknown[]).length > 0;
  }

  /** Runs SQL on the bridge's own database. */
  async sql(statement: string, params: unknown[] = []): Promise<unknown[]> {
    const script = "import json, sqlite3, sys\ndb = sqlite3.connect(sys.argv[1], timeout=30)\ncur = db.execute(sys.argv[2], json.loads(sys.argv[3]))\nrows = cur.fetchall()\ndb.commit()\nprint(json.dumps(rows))";
    const { stdout } = await run(venvPython(), ["-c", script, this.dbFile, statement, JSON.stringify(params)]);
    return JSON.parse(stdout) as unknown[];
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.url}/_matrix/mau/ready`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`mautrix-whatsapp was not ready within ${timeoutMs} ms; see ${this.options.dir}/bridge.log`);
  }
}

export type WhatsappTestBed = { synapse: Synapse; bridge: MautrixWhatsapp; stop(): Promise<void> };

/**
 * A Synapse of its own with the real bridge registered as an appservice (registration before the
 * homeserver starts, then the bridge). `permissions` is bridge.permissions on top of "the server: user".
 */
export async function startWhatsappTestBed(
  binary: string,
  options: { permissions?: (serverName: string) => Record<string, string>; relay?: WhatsappOptions["relay"] } = {},
): Promise<WhatsappTestBed> {
  const serverName = `hs-${randomBytes(3).toString("hex")}.localhost`;
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "dash-whatsapp-"));
  const bridge = new MautrixWhatsapp({
    binary,
    dir,
    port: await freePort(),
    homeserverUrl: `http://127.0.0.1:${port}`,
    serverName,
    permissions: { [serverName]: "user", ...(options.permissions?.(serverName) ?? {}) },
    relay: options.relay,
  });
  const synapse = await Synapse.create({ serverName, port, extraConfig: { app_service_config_files: [bridge.registrationFile] } });
  await synapse.start();
  await bridge.start();
  return {
    synapse,
    bridge,
    async stop() {
      await bridge.stop();
      await synapse.stop();
      synapse.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The dashboard's .env lines for the real bridge (no command prefix: the dashboard asks the bridge). */
export function whatsappEnv(bridge: MautrixWhatsapp, options: { provisioning?: "secret" | "matrix" | false; relayLogin?: string } = {}): Record<string, string> {
  const provisioning = options.provisioning ?? "secret";
  return {
    BRIDGE_WHATSAPP_BOT: bridge.botUserId,
    ...(provisioning ? { BRIDGE_WHATSAPP_PROVISIONING_URL: bridge.url } : {}),
    ...(provisioning === "secret" ? { BRIDGE_WHATSAPP_SECRET: bridge.secret } : {}),
    ...(options.relayLogin ? { BRIDGE_WHATSAPP_RELAY_LOGIN: options.relayLogin } : {}),
  };
}
