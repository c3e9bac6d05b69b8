import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync, mkdtempSync, rmSync, openSync, existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureSynapseInstalled } from "./install.ts";
import { freePort } from "./free-port.ts";
import { stopChild } from "./stop-child.ts";


export type SynapseInfo = {
  baseUrl: string;
  serverName: string;
  sharedSecret: string;
  dataDir: string;
};

export type RegisteredUser = { userId: string; accessToken: string; deviceId: string; password: string; localpart: string };

export type SynapseOptions = {
  dataDir?: string;
  port?: number;
  serverName?: string;
  /** Extra top-level Synapse settings merged over the defaults (for example app_service_config_files). */
  extraConfig?: Record<string, unknown>;
  log?: (line: string) => void;
};

// Synapse dies with its parent (PR_SET_PDEATHSIG survives exec), so a crashed or killed test run
// never leaves a homeserver behind.
const LAUNCHER = `
import ctypes, os, signal, sys
ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
os.execv(sys.executable, [sys.executable, "-m", "synapse.app.homeserver", "-c", sys.argv[1]])
`;

export class Synapse implements SynapseInfo {
  readonly baseUrl: string;
  readonly serverName: string;
  readonly sharedSecret: string;
  readonly dataDir: string;
  private process: ChildProcess | undefined;
  private readonly configPath: string;
  private readonly python: string;

  private constructor(python: string, info: SynapseInfo, configPath: string) {
    this.python = python;
    this.baseUrl = info.baseUrl;
    this.serverName = info.serverName;
    this.sharedSecret = info.sharedSecret;
    this.dataDir = info.dataDir;
    this.configPath = configPath;
  }

  /**
   * Opens a homeserver kept in `dataDir` by an earlier run (demo, benchmarks), on a fresh port,
   * or creates it there when the folder holds none.
   */
  static async reuse(dataDir: string, options: Omit<SynapseOptions, "dataDir"> = {}): Promise<Synapse> {
    const configPath = path.join(dataDir, "homeserver.yaml");
    if (!existsSync(configPath)) return Synapse.create({ ...options, dataDir });
    const python = await ensureSynapseInstalled(options.log);
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    const port = options.port ?? (await freePort());
    config.listeners[0].port = port;
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    return new Synapse(
      python,
      { baseUrl: `http://127.0.0.1:${port}`, serverName: config.server_name, sharedSecret: config.registration_shared_secret, dataDir },
      configPath,
    );
  }

  static async create(options: SynapseOptions = {}): Promise<Synapse> {
    const python = await ensureSynapseInstalled(options.log);
    const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "dash-synapse-"));
    mkdirSync(dataDir, { recursive: true });
    const port = options.port ?? (await freePort());
    const serverName = options.serverName ?? `hs-${randomBytes(3).toString("hex")}.localhost`;
    const sharedSecret = randomBytes(24).toString("hex");
    const config = synapseConfig({ dataDir, port, serverName, sharedSecret, extra: options.extraConfig ?? {} });
    const configPath = path.join(dataDir, "homeserver.yaml");
    // JSON is valid YAML, and saves a YAML dependency.
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    writeFileSync(path.join(dataDir, "signing.key"), signingKey(), { mode: 0o600 });
    return new Synapse(python, { baseUrl: `http://127.0.0.1:${port}`, serverName, sharedSecret, dataDir }, configPath);
  }

  async start(): Promise<void> {
    const logFd = openSync(path.join(this.dataDir, "synapse.stdout.log"), "a");
    this.process = spawn(this.python, ["-c", LAUNCHER, this.configPath], {
      cwd: this.dataDir,
      stdio: ["ignore", logFd, logFd],
    });
    const exited = new Promise<never>((_, reject) =>
      this.process!.once("exit", (code) =>
        reject(new Error(`Synapse exited with code ${code} during start-up; see ${this.dataDir}/synapse.stdout.log`)),
      ),
    );
    exited.catch(() => {});
    await Promise.race([waitForVersions(this.baseUrl, 90_000), exited]);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    await stopChild(child);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Removes the data folder; only for folders this object created in the temp dir. */
  destroy(): void {
    if (this.dataDir.startsWith(os.tmpdir())) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The homeserver's process id while it runs (the benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  info(): SynapseInfo {
    return { baseUrl: this.baseUrl, serverName: this.serverName, sharedSecret: this.sharedSecret, dataDir: this.dataDir };
  }
}

function synapseConfig(o: { dataDir: string; port: number; serverName: string; sharedSecret: string; extra: Record<string, unknown> }) {
  const logConfig = path.join(o.dataDir, "log.config");
  writeFileSync(
    logConfig,
    JSON.stringify({
      version: 1,
      formatters: { precise: { format: "%(asctime)s - %(name)s - %(levelname)s - %(message)s" } },
      handlers: {
        file: { class: "logging.FileHandler", formatter: "precise", filename: path.join(o.dataDir, "homeserver.log") },
      },
      root: { level: "WARNING", handlers: ["file"] },
      disable_existing_loggers: false,
    }),
  );
  return {
    server_name: o.serverName,
    pid_file: path.join(o.dataDir, "homeserver.pid"),
    listeners: [
      {
        port: o.port,
        bind_addresses: ["127.0.0.1"],
        type: "http",
        tls: false,
        x_forwarded: false,
        // "openid" serves /_matrix/federation/v1/openid/userinfo, which the widget sign-in needs.
        resources: [{ names: ["client", "openid"], compress: false }],
      },
    ],
    database: { name: "sqlite3", args: { database: path.join(o.dataDir, "homeserver.db") } },
    log_config: logConfig,
    media_store_path: path.join(o.dataDir, "media_store"),
    signing_key_path: path.join(o.dataDir, "signing.key"),
    registration_shared_secret: o.sharedSecret,
    macaroon_secret_key: randomBytes(24).toString("hex"),
    form_secret: randomBytes(24).toString("hex"),
    report_stats: false,
    enable_registration: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    federation_domain_whitelist: [],
    url_preview_enabled: false,
    enable_metrics: false,
    presence: { enabled: false },
    // Test bed speed only: cheap password hashes.
    bcrypt_rounds: 4,
    // Logins and registrations happen once per test user from one address; these limits guard
    // sign-up abuse, not what the dashboard does, so the test bed lifts them. Every limit the
    // bot meets (messages, invites, joins, room creation) stays at Synapse's default.
    rc_login: {
      address: { per_second: 1000, burst_count: 1000 },
      account: { per_second: 1000, burst_count: 1000 },
      failed_attempts: { per_second: 1000, burst_count: 1000 },
    },
    rc_registration: { per_second: 1000, burst_count: 1000 },
    ...o.extra,
  };
}

/**
 * The homeserver's signing key in Synapse's own file format (`ed25519 <key id> <unpadded base64 seed>`).
 * Written here rather than by `--generate-keys`, which costs a whole Python start-up (seconds) per homeserver.
 */
function signingKey(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  return `ed25519 a_${randomBytes(3).toString("base64url").slice(0, 4)} ${seed.toString("base64").replace(/=+$/, "")}\n`;
}

async function waitForVersions(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/_matrix/client/versions`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Synapse did not answer ${baseUrl}/_matrix/client/versions within ${timeoutMs} ms`);
}

/** Registers a user through the admin shared-secret API (no open registration needed). */
export async function registerUser(
  hs: SynapseInfo,
  localpart: string,
  options: { admin?: boolean; password?: string; displayName?: string } = {},
): Promise<RegisteredUser> {
  const password = options.password ?? randomBytes(12).toString("hex");
  const url = `${hs.baseUrl}/_synapse/admin/v1/register`;
  const nonceRes = await fetch(url);
  const { nonce } = (await nonceRes.json()) as { nonce: string };
  const admin = options.admin ?? false;
  const mac = createHmac("sha1", hs.sharedSecret)
    .update(`${nonce}\0${localpart}\0${password}\0${admin ? "admin" : "notadmin"}`)
    .digest("hex");
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac, displayname: options.displayName }),
  });
  const body = (await res.json()) as { user_id: string; access_token: string; device_id: string; errcode?: string; error?: string };
  if (!res.ok) throw new Error(`registering ${localpart} failed: ${res.status} ${body.errcode} ${body.error}`);
  return { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id, password, localpart };
}

export async function login(hs: SynapseInfo, localpart: string, password: string, deviceName = "test"): Promise<RegisteredUser> {
  const res = await fetch(`${hs.baseUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: localpart },
      password,
      initial_device_display_name: deviceName,
    }),
  });
  const body = (await res.json()) as { user_id: string; access_token: string; device_id: string; error?: string };
  if (!res.ok) throw new Error(`login ${localpart} failed: ${res.status} ${body.error}`);
  return { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id, password, localpart };
}
