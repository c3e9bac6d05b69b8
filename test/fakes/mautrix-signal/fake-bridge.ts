import http from "node:http";
import { randomBytes } from "node:crypto";
import { AppserviceClient } from "./as-client.ts";
import { BridgeState, plumb } from "./bridge-state.ts";
import { handleCommand } from "./commands.ts";
import { handleProvisioning } from "./provisioning.ts";
import { FakeLogins } from "./login.ts";
import type { Registration } from "./registration.ts";

type MatrixEvent = { type: string; room_id: string; event_id: string; sender: string; state_key?: string; content: any };

/**
 * A stand-in for mautrix-signal, registered with the test Synapse as a real appservice: it receives
 * the homeserver's transactions, answers `!signal` commands, serves the provisioning API, and acts
 * in rooms only through the homeserver with its appservice token.
 */
export class FakeMautrixSignal {
  readonly registration: Registration;
  readonly secret = randomBytes(24).toString("hex");
  readonly botUserId: string;
  readonly puppetPrefix = "signal_";
  readonly state = new BridgeState();
  /** Logins in progress; tests scan or expire their QR codes through it. */
  readonly logins = new FakeLogins(this.state);
  readonly as: AppserviceClient;
  /** Commands received, for tests that check what the dashboard sent. */
  readonly commands: Array<{ roomId: string; sender: string; body: string }> = [];
  /** Errors while handling events; a test fails on them rather than hanging. */
  readonly errors: string[] = [];
  private readonly port: number;
  private server: http.Server | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly seenTxns = new Set<string>();

  constructor(options: { port: number; serverName: string }) {
    this.port = options.port;
    this.registration = {
      id: `fake-signal-${randomBytes(3).toString("hex")}`,
      url: `http://127.0.0.1:${options.port}`,
      asToken: randomBytes(24).toString("hex"),
      hsToken: randomBytes(24).toString("hex"),
      senderLocalpart: "signalbot",
      puppetPrefix: this.puppetPrefix,
      serverName: options.serverName,
    };
    this.botUserId = `@signalbot:${options.serverName}`;
    // Like a bridge's config.yaml: the homeserver's users may use it; tests grant admin or relay as needed.
    this.state.permissions[options.serverName] = "user";
    this.as = new AppserviceClient(this.registration.asToken, this.botUserId);
  }

  get url(): string {
    return this.registration.url;
  }

  async start(homeserverUrl: string): Promise<void> {
    this.as.homeserverUrl = homeserverUrl;
    this.server = http.createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
  }

  /** Once the homeserver is up: the bot gets its profile, like a bridge at start-up. */
  async ready(): Promise<void> {
    await this.as.ensureUser(this.registration.senderLocalpart, "Signal bridge bot");
  }

  async stop(): Promise<void> {
    await this.queue;
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    this.server?.closeAllConnections();
    await closed;
  }

  /** Test hook: the phone scanned the QR code of login process `id`; returns the new login's ID. */
  scanQr(id: string, account: { phone: string }): string {
    return this.logins.scanQr(id, account);
  }

  /** Test hook: the QR code of login process `id` expired unscanned and the bridge gave up. */
  expireQr(id: string): void {
    this.logins.expireQr(id);
  }

  /** Test hook: the QR code of login process `id` expired and the bridge shows a new one; returns it. */
  refreshQr(id: string): string {
    return this.logins.refreshQr(id);
  }

  /** Puts a portal in place for `roomId` (the bridge bot must be in the room), as the real bridge's test bed does. */
  async addPortal(roomId: string, chat: { id: string; name: string }): Promise<void> {
    const group = { id: chat.id, name: chat.name, members: [] };
    this.state.groups.set(group.id, group);
    await plumb(this.as, this.state, this.puppetPrefix, roomId, group, this.registration.id);
  }

  /** allow_matrix_auth: the homeserver says whose access token it is. */
  private async matrixUserOf(token: string): Promise<string | null> {
    const res = await fetch(`${this.as.homeserverUrl}/_matrix/client/v3/account/whoami`, { headers: { authorization: `Bearer ${token}` } });
    return res.ok ? ((await res.json()) as { user_id: string }).user_id : null;
  }

  /** Waits until every transaction received so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = raw ? JSON.parse(raw) : undefined;
    const send = (status: number, json: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (url.pathname.startsWith("/_matrix/provision/")) {
      const ctx = {
        as: this.as,
        state: this.state,
        puppetPrefix: this.puppetPrefix,
        secret: this.secret,
        appserviceId: this.registration.id,
        logins: this.logins,
        matrixUserOf: (token: string) => this.matrixUserOf(token),
      };
      const reply = await handleProvisioning(ctx, req.method ?? "GET", url, req.headers.authorization, body).catch((err: Error) => {
        this.errors.push(err.message);
        return { status: 500, body: { errcode: "M_UNKNOWN", error: err.message } };
      });
      return void send(reply.status, reply.body);
    }
    const hsAuth = req.headers.authorization?.replace(/^Bearer /, "") ?? url.searchParams.get("access_token");
    if (hsAuth !== this.registration.hsToken) return void send(403, { errcode: "M_FORBIDDEN", error: "Bad hs_token" });
    const txn = url.pathname.match(/^\/_matrix\/app\/v1\/transactions\/(.+)$/);
    if (req.method === "PUT" && txn) {
      if (!this.seenTxns.has(txn[1]!)) {
        this.seenTxns.add(txn[1]!);
        for (const event of (body?.events ?? []) as MatrixEvent[]) this.queue = this.queue.then(() => this.handle(event));
      }
      return void send(200, {});
    }
    if (url.pathname === "/_matrix/app/v1/ping") return void send(200, {});
    send(404, { errcode: "M_NOT_FOUND", error: "Not found" });
  }

  private async handle(e: MatrixEvent): Promise<void> {
    try {
      if (e.type === "m.room.member" && e.state_key === this.botUserId && e.content?.membership === "invite") {
        await this.as.join(e.room_id);
        // bridgev2 greets every room it is invited to, which may land after a command sent right after the join.
        await this.as.notice(e.room_id, "Hello, I'm a Signal bridge bot.\n\nUse `!signal help` for help.");
        return;
      }
      const ours = e.sender === this.botUserId || e.sender.startsWith(`@${this.puppetPrefix}`);
      const body = e.type === "m.room.message" && typeof e.content?.body === "string" ? e.content.body : "";
      if (ours || !body.startsWith("!signal ")) return;
      this.commands.push({ roomId: e.room_id, sender: e.sender, body });
      const ctx = { as: this.as, state: this.state, puppetPrefix: this.puppetPrefix, appserviceId: this.registration.id };
      await handleCommand(ctx, e.room_id, e.event_id, e.sender, body.slice("!signal ".length));
    } catch (err) {
      this.errors.push(`${e.type} ${e.event_id}: ${(err as Error).message}`);
    }
  }
}
