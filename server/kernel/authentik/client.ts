// Deep imports: the package's index loads all of its ~3,700 models (+36 MB resident), these ~120,
// and only on the first call: a dashboard without Authentik (or one that has not synced yet) loads none.
import type { CoreApi, CoreUsersListRequest } from "@goauthentik/api/dist/apis/CoreApi.js";
import type { RootApi } from "@goauthentik/api/dist/apis/RootApi.js";
import { Configuration } from "@goauthentik/api/dist/runtime.js";
import { fromApiGroup, fromApiUser, type AuthentikGroup, type AuthentikUser } from "./types.ts";
import { AuthentikError } from "./errors.ts";
import { defaultAuthentikRetry, RateGate, withAuthentikRetry, type AuthentikRetryPolicy } from "./retry.ts";

export type AuthentikClientOptions = {
  url: string;
  token: string;
  pageSize: number;
  timeoutMs: number;
  /** Pages read at once after the first (which gives the count); 1 reads them one after another. */
  concurrency?: number;
  retry?: Partial<AuthentikRetryPolicy>;
  fetchImpl?: typeof fetch;
};

export type UserQuery = {
  /** Only users changed after this ISO time, oldest change first (needs a recent Authentik: feature-detect). */
  updatedAfter?: string;
  username?: string;
};

export type UserRead = { users: AuthentikUser[]; pages: number; pageSize: number };
/** What reading every page found: the page size is the one Authentik answered with, not the one asked for. */
export type PageRead = { pages: number; pageSize: number };

/** Far enough ahead that no user can have changed after it: an Authentik that honours the filter returns none. */
const FUTURE = new Date("2999-01-01T00:00:00Z");

/**
 * Authentik's users and groups through the official client. Lists follow `pagination.next` (a page
 * number, 0 on the last page) until the end; every call goes through one retry layer with a timeout.
 */
export class AuthentikClient {
  readonly url: string;
  private readonly pageSize: number;
  private readonly configuration: Configuration;
  private apis: Promise<{ core: CoreApi; root: RootApi }> | undefined;
  private readonly retry: AuthentikRetryPolicy;
  private readonly concurrency: number;
  private readonly gate = new RateGate();
  private updatedFilter: Promise<boolean> | undefined;
  /** What feature detection found, once it has run (null before). */
  updatedFilterSupported: boolean | null = null;

  constructor(o: AuthentikClientOptions) {
    this.url = o.url;
    this.pageSize = o.pageSize;
    this.concurrency = Math.max(1, o.concurrency ?? 1);
    this.retry = { ...defaultAuthentikRetry, ...o.retry };
    const baseFetch = o.fetchImpl ?? fetch;
    this.configuration = new Configuration({
      basePath: `${o.url}/api/v3`,
      accessToken: o.token,
      // The generated client has no timeout of its own; the signal also covers reading the body.
      fetchApi: (input, init) => {
        const timeout = AbortSignal.timeout(o.timeoutMs);
        return baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      },
    });
  }

  /** The generated API classes, loaded on first use. */
  private api(): Promise<{ core: CoreApi; root: RootApi }> {
    this.apis ??= Promise.all([import("@goauthentik/api/dist/apis/CoreApi.js"), import("@goauthentik/api/dist/apis/RootApi.js")]).then(([c, r]) => ({
      core: new c.CoreApi(this.configuration),
      root: new r.RootApi(this.configuration),
    }));
    return this.apis;
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withAuthentikRetry(what, this.url, fn, this.retry, this.gate);
  }

  /** Every user matching the query (a user seen twice while paging: the newer copy). */
  async listUsers(query: UserQuery = {}): Promise<UserRead> {
    const byPk = new Map<number, AuthentikUser>();
    const read = await this.eachUserPage(query, (users) => {
      for (const u of users) if ((byPk.get(u.pk)?.lastUpdated ?? "") <= u.lastUpdated) byPk.set(u.pk, u);
    });
    return { users: [...byPk.values()], ...read };
  }

  /**
   * Hands every page of users to `onPage` as it arrives, so a caller can keep a compact record per
   * person instead of every page. The first page gives the count and the page size Authentik really
   * uses (its `pagination_max_page_size` cuts larger requests); the rest are read `concurrency` at
   * a time, in any order. People added meanwhile land after the last page: `next` is followed from
   * there. A user edited while we page can come twice, once per copy.
   */
  async eachUserPage(query: UserQuery, onPage: (users: AuthentikUser[]) => void): Promise<PageRead> {
    const request: CoreUsersListRequest = {
      pageSize: this.pageSize,
      includeGroups: false,
      includeRoles: false,
      ...(query.username !== undefined ? { username: query.username } : {}),
      // pk order: people added while we page land on later pages instead of shifting earlier ones.
      ...(query.updatedAfter ? { lastUpdatedGt: new Date(query.updatedAfter), ordering: "last_updated" } : { ordering: "pk" }),
    };
    const readPage = async (page: number) => {
      const res = await this.call(`reading users (page ${page})`, async () => (await this.api()).core.coreUsersList({ ...request, page }));
      onPage(res.results.map(fromApiUser));
      return res.pagination;
    };
    const first = await readPage(1);
    const pageSize = first.totalPages > 1 ? first.endIndex - first.startIndex + 1 : this.pageSize;
    let pages = 1;
    let following = first.next;
    let current = 1;
    if (first.totalPages > 1) {
      let nextPage = 2;
      await Promise.all(
        Array.from({ length: Math.min(this.concurrency, first.totalPages - 1) }, async () => {
          while (nextPage <= first.totalPages) {
            const page = nextPage++;
            const pagination = await readPage(page);
            pages++;
            if (page === first.totalPages) following = pagination.next;
          }
        }),
      );
      current = first.totalPages;
    }
    while (following !== 0) {
      if (following <= current) {
        throw new AuthentikError({
          code: "authentik_error",
          message: `Authentik's paging went backwards (page ${current} says next is ${following})`,
          hint: "This is an Authentik bug or a proxy rewriting responses; report it with the Authentik version.",
        });
      }
      current = following;
      following = (await readPage(current)).next;
      pages++;
    }
    return { pages, pageSize };
  }

  async getUser(pk: number): Promise<AuthentikUser | undefined> {
    try {
      return fromApiUser(await this.call(`reading user ${pk}`, async () => (await this.api()).core.coreUsersRetrieve({ id: pk })));
    } catch (err) {
      if (err instanceof AuthentikError && err.upstreamStatus === 404) return undefined;
      throw err;
    }
  }

  async listGroups(): Promise<AuthentikGroup[]> {
    const groups: AuthentikGroup[] = [];
    let page = 1;
    while (page !== 0) {
      const current = page;
      const res = await this.call(`reading groups (page ${current})`, async () =>
        (await this.api()).core.coreGroupsList({ page: current, pageSize: this.pageSize, includeUsers: false, includeChildren: false, includeParents: false }),
      );
      groups.push(...res.results.map(fromApiGroup));
      page = res.pagination.next > current ? res.pagination.next : 0;
    }
    return groups;
  }

  /**
   * Whether this Authentik honours `last_updated__gt`: older versions ignore unknown filters and
   * would return everyone, which an incremental sync must not mistake for "all changed".
   */
  supportsUpdatedFilter(): Promise<boolean> {
    this.updatedFilter ??= this.call("checking for the last_updated filter", async () =>
      (await this.api()).core.coreUsersList({ page: 1, pageSize: 1, includeGroups: false, lastUpdatedGt: FUTURE, ordering: "last_updated" }),
    ).then((res) => (this.updatedFilterSupported = res.pagination.count === 0));
    this.updatedFilter.catch(() => (this.updatedFilter = undefined));
    return this.updatedFilter;
  }

  /** Merges into a user's attributes: Authentik's PATCH replaces the whole object, so read it first. */
  async mergeAttributes(pk: number, patch: Record<string, unknown>): Promise<void> {
    const user = await this.call(`reading user ${pk}`, async () => (await this.api()).core.coreUsersRetrieve({ id: pk }));
    const attributes = { ...(user.attributes ?? {}), ...patch };
    await this.call(`updating the attributes of user ${pk}`, async () => (await this.api()).core.coreUsersPartialUpdate({ id: pk, patchedUserRequest: { attributes } }));
  }

  /** The token's own user: proves the token is valid. */
  async me(): Promise<{ username: string }> {
    const session = await this.call("checking the API token", async () => (await this.api()).core.coreUsersMeRetrieve());
    return { username: session.user.username };
  }

  /** How many users the token can see (one small page): proves it may read users. */
  async visibleUserCount(): Promise<number> {
    const res = await this.call("reading users", async () => (await this.api()).core.coreUsersList({ page: 1, pageSize: 1, includeGroups: false }));
    return res.pagination.count;
  }

  /** The public configuration endpoint (no token needed): proves the URL is an Authentik. */
  async ping(): Promise<void> {
    await this.call("reading its public configuration", async () => (await this.api()).root.rootConfigRetrieve());
  }
}
