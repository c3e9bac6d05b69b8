import http from "node:http";
import { randomBytes } from "node:crypto";
import type { Group, User } from "@goauthentik/api";
import { configToWire, groupToWire, pageToWire, paginate, userSelfToWire, userToWire } from "./wire.ts";
import { makeGroup, makeUser, type UserSeed } from "./seed.ts";

export type RecordedRequest = { method: string; path: string; query: URLSearchParams; at: number; inFlight: number };

type Fault = { status: number; path: RegExp; times: number; headers: Record<string, string>; body: unknown };
type Delay = { ms: number; path: RegExp; page: number | undefined; times: number };

export type FakeAuthentikOptions = {
  /** How many people to seed: user1 … userN (prefixed). */
  users?: number;
  usernamePrefix?: string;
  groups?: string[];
  /** Groups of the i-th seeded person (1-based). */
  groupsOf?: (i: number) => string[];
  /** Older Authentik versions silently ignore `last_updated__gt`. */
  supportsUpdatedFilter?: boolean;
  /** Authentik's `pagination_max_page_size` (100 by default): a larger page_size is cut to it. */
  maxPageSize?: number;
};

export type NewUser = Omit<UserSeed, "installId" | "pk" | "lastUpdated" | "groups"> & { groups?: string[] };
type UserChange = { name?: string; isActive?: boolean; attributes?: Record<string, unknown>; email?: string };

const SEED_TIME = Date.UTC(2025, 0, 1);

/**
 * An Authentik for tests: the endpoints the adapter uses, with Authentik's response shapes (built
 * from @goauthentik/api's models), page numbers, the filters we send, and knobs for the failures
 * that matter (401/403, 429 with Retry-After, 5xx, slow pages).
 */
export class FakeAuthentik {
  readonly token = `ak-${randomBytes(24).toString("hex")}`;
  /** A valid token whose user may not read users (HTTP 403 on the user list). */
  readonly limitedToken = `ak-limited-${randomBytes(20).toString("hex")}`;
  readonly installId = randomBytes(8).toString("hex");
  url = "";
  users: User[] = [];
  groups: Group[] = [];
  readonly requests: RecordedRequest[] = [];
  supportsUpdatedFilter: boolean;
  readonly maxPageSize: number;
  /** The most requests this fake was answering at one time. */
  maxInFlight = 0;
  private inFlight = 0;
  private faults: Fault[] = [];
  private delays: Delay[] = [];
  private clock = SEED_TIME;
  private nextPk = 1;
  private server: http.Server | undefined;

  private constructor(o: FakeAuthentikOptions) {
    this.supportsUpdatedFilter = o.supportsUpdatedFilter ?? true;
    this.maxPageSize = o.maxPageSize ?? 100;
    for (const name of o.groups ?? []) this.addGroup(name);
    const prefix = o.usernamePrefix ?? "user";
    for (let i = 1; i <= (o.users ?? 0); i++) {
      this.addUser({ username: `${prefix}${i}`, name: `Person ${i}`, groups: o.groupsOf?.(i) ?? [] });
    }
  }

  static async start(o: FakeAuthentikOptions = {}): Promise<FakeAuthentik> {
    const fake = new FakeAuthentik(o);
    fake.server = http.createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server!.listen(0, "127.0.0.1", resolve));
    const address = fake.server.address() as { port: number };
    fake.url = `http://127.0.0.1:${address.port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private tick(): Date {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return new Date(this.clock);
  }

  group(name: string): Group {
    const g = this.groups.find((x) => x.name === name);
    if (!g) throw new Error(`fake Authentik has no group ${name}`);
    return g;
  }

  user(username: string): User {
    const u = this.users.find((x) => x.username === username);
    if (!u) throw new Error(`fake Authentik has no user ${username}`);
    return u;
  }

  addGroup(name: string): Group {
    const g = makeGroup(name, this.groups.length + 1);
    this.groups.push(g);
    return g;
  }

  addUser(seed: NewUser): User {
    const pk = this.nextPk++;
    const u = makeUser({ ...seed, installId: this.installId, pk, groups: (seed.groups ?? []).map((n) => this.group(n)), lastUpdated: this.tick() });
    this.users.push(u);
    for (const g of seed.groups ?? []) this.group(g).users!.push(pk);
    return u;
  }

  /** An edit through Authentik's user form: the user's last_updated moves. */
  updateUser(username: string, change: UserChange): User {
    const u = this.user(username);
    Object.assign(u, change, { lastUpdated: this.tick() });
    return u;
  }

  /**
   * Membership edited on the group (as the admin UI's "add user to group" does): Django saves the
   * relation only, so the user's last_updated does NOT move and an incremental sync cannot see it.
   */
  setGroups(username: string, groupNames: string[], options: { touchesUser?: boolean } = {}): void {
    const u = this.user(username);
    for (const g of this.groups) g.users = (g.users ?? []).filter((pk) => pk !== u.pk);
    for (const name of groupNames) this.group(name).users!.push(u.pk);
    u.groups = groupNames.map((n) => this.group(n).pk);
    (u as { groupsObj: User["groupsObj"] }).groupsObj = groupNames.map((n) => {
      const g = this.group(n);
      return { pk: g.pk, numPk: g.numPk, name: g.name, isSuperuser: false, attributes: {} };
    });
    if (options.touchesUser) (u as { lastUpdated: Date }).lastUpdated = this.tick();
  }

  deleteUser(username: string): void {
    const u = this.user(username);
    this.users = this.users.filter((x) => x !== u);
    for (const g of this.groups) g.users = (g.users ?? []).filter((pk) => pk !== u.pk);
  }

  /** The next `times` requests whose path matches answer `status` (429 with Retry-After, 500...). */
  failNext(status: number, o: { path?: RegExp; times?: number; retryAfter?: string; body?: unknown } = {}): void {
    this.faults.push({
      status,
      path: o.path ?? /./,
      times: o.times ?? 1,
      headers: o.retryAfter !== undefined ? { "retry-after": o.retryAfter } : {},
      body: o.body ?? { detail: status === 429 ? "Request was throttled." : "Server Error (500)" },
    });
  }

  /** Holds matching requests (a page number, or any) for `ms` before answering. */
  slow(ms: number, o: { path?: RegExp; page?: number; times?: number } = {}): void {
    this.delays.push({ ms, path: o.path ?? /./, page: o.page, times: o.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults = [];
    this.delays = [];
  }

  userListRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "GET" && r.path === "/api/v3/core/users/");
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on("close", () => this.inFlight--);
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await new Promise<string>((resolve) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => resolve(data));
    });
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, at: Date.now(), inFlight: this.inFlight });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };

    const delay = this.delays.find((d) => d.times > 0 && d.path.test(url.pathname) && (d.page === undefined || Number(url.searchParams.get("page") ?? 1) === d.page));
    if (delay) {
      delay.times--;
      await new Promise((r) => setTimeout(r, delay.ms));
    }
    const fault = this.faults.find((f) => f.times > 0 && f.path.test(url.pathname));
    if (fault) {
      fault.times--;
      return send(fault.status, fault.body, fault.headers);
    }
    if (url.pathname === "/api/v3/root/config/") return send(200, this.config());

    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (token !== this.token && token !== this.limitedToken) {
      return send(401, { detail: token ? "Token invalid/expired" : "Authentication credentials were not provided." }, { "www-authenticate": 'Bearer realm="authentik"' });
    }
    const limited = token === this.limitedToken;
    const forbidden = () => send(403, { detail: "You do not have permission to perform this action." });
    const m = /^\/api\/v3\/core\/users\/(\d+)\/$/.exec(url.pathname);

    if (req.method === "GET" && url.pathname === "/api/v3/core/users/me/") return send(200, { user: this.me(), users: [this.me()] });
    if (req.method === "GET" && url.pathname === "/api/v3/core/users/") return limited ? forbidden() : this.listUsers(url.searchParams, send);
    if (req.method === "GET" && url.pathname === "/api/v3/core/groups/") return limited ? forbidden() : this.listGroups(url.searchParams, send);
    if (m && (req.method === "GET" || req.method === "PATCH")) {
      if (limited) return forbidden();
      const u = this.users.find((x) => x.pk === Number(m[1]));
      if (!u) return send(404, { detail: "No User matches the given query." });
      if (req.method === "PATCH") this.patchUser(u, JSON.parse(body || "{}"));
      return send(200, userToWire(u));
    }
    send(404, { detail: "Not found." });
  }

  private listUsers(q: URLSearchParams, send: (status: number, payload: unknown) => void): void {
    let users = this.users;
    const username = q.get("username");
    if (username !== null) users = users.filter((u) => u.username === username);
    const isActive = q.get("is_active");
    if (isActive !== null) users = users.filter((u) => String(u.isActive) === isActive);
    const after = q.get("last_updated__gt");
    if (after !== null && this.supportsUpdatedFilter) users = users.filter((u) => u.lastUpdated.getTime() > Date.parse(after));
    const ordering = q.get("ordering") ?? "username";
    const field = ordering.replace(/^-/, "");
    const key = (u: User): number | string => (field === "pk" ? u.pk : field === "last_updated" ? u.lastUpdated.getTime() : u.username);
    // Users are kept in pk order (added with rising pks): only other orderings need a sort.
    if (ordering !== "pk") users = [...users].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.pk - b.pk) * (ordering.startsWith("-") ? -1 : 1));
    const page = paginate(users, Number(q.get("page") ?? 1), this.pageSizeOf(q));
    if (!page) return send(404, { detail: "Invalid page." });
    const withGroups = q.get("include_groups") !== "false";
    const withRoles = q.get("include_roles") !== "false";
    send(200, pageToWire(page, (u) => userToWire({ ...u, groupsObj: withGroups ? u.groupsObj : null, rolesObj: withRoles ? u.rolesObj : null })));
  }

  /** Django REST framework's PageNumberPagination: page_size is honoured up to max_page_size. */
  private pageSizeOf(q: URLSearchParams): number {
    const asked = Number(q.get("page_size") ?? 100);
    return Math.min(Number.isInteger(asked) && asked > 0 ? asked : 100, this.maxPageSize);
  }

  private listGroups(q: URLSearchParams, send: (status: number, payload: unknown) => void): void {
    const page = paginate(this.groups, Number(q.get("page") ?? 1), this.pageSizeOf(q));
    if (!page) return send(404, { detail: "Invalid page." });
    send(200, pageToWire(page, groupToWire));
  }

  /** PATCH semantics of Authentik's user serializer: each given field replaces the old one, attributes included. */
  private patchUser(u: User, body: Record<string, unknown>): void {
    if (body.attributes !== undefined) u.attributes = body.attributes as Record<string, unknown>;
    if (typeof body.name === "string") u.name = body.name;
    if (typeof body.is_active === "boolean") u.isActive = body.is_active;
    if (typeof body.email === "string") u.email = body.email;
    (u as { lastUpdated: Date }).lastUpdated = this.tick();
  }

  private me() {
    return userSelfToWire({
      pk: 100_000,
      username: "dashboard-sync",
      name: "Dashboard sync",
      isActive: true,
      isSuperuser: false,
      isCurrent: false,
      groups: [],
      roles: [],
      email: "",
      avatar: "",
      uid: "service",
      settings: {},
      type: "service_account",
      systemPermissions: [],
    });
  }

  private config() {
    return configToWire({
      errorReporting: { enabled: false, sentryDsn: "", environment: "test", sendPii: false, tracesSampleRate: 0 },
      capabilities: [],
      cacheTimeout: 300,
      cacheTimeoutFlows: 300,
      cacheTimeoutPolicies: 300,
    });
  }
}
