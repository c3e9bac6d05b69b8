import type { OpenIdToken, SessionInfo } from "../../shared/session.ts";
import type { HealthReport } from "../../shared/health.ts";
import type { ApiErrorBody, ErrorCode } from "../../shared/api-error.ts";
import type { ActionResponse } from "../../shared/actions.ts";
import type { ActionName, ActionPlan, ActionResult } from "../../shared/action-map.ts";
import type { JobSnapshot } from "../../shared/jobs.ts";
import { jobSnapshots } from "../../shared/job-events.ts";
import { Problem, type ProblemKind } from "./problem.ts";
import type { Said } from "../../shared/said.ts";

/** Said (shared/said.ts) written out here: importing its builder would bring zod into the shell. */
const said = (code: string, text: string, params?: Said["params"]): Said => ({ code, text, ...(params ? { params } : {}) });

/** Renew this long before the session expires, so a request never races the expiry. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;
const FINISHED = new Set(["done", "failed", "cancelled"]);

/**
 * The widget's only HTTP client of the backend. It holds the session, renews it with a fresh
 * OpenID token before it expires, signs in again once when the server answers 401, and turns
 * every failure into a Problem the screens can show.
 */
export class DashboardApi {
  private readonly baseUrl: URL;
  private readonly openIdToken: () => Promise<OpenIdToken>;
  private session: SessionInfo | undefined;
  private pendingSignIn: Promise<SessionInfo> | undefined;

  /** `baseUrl` is the backend's root; the widget is served at `<root>/widget/`, so "../" finds it behind any path prefix. */
  constructor(openIdToken: () => Promise<OpenIdToken>, baseUrl: string = new URL("../", location.href).href) {
    this.openIdToken = openIdToken;
    this.baseUrl = new URL(baseUrl);
  }

  /** The address of a backend path, for links that need no session (the OpenAPI document). */
  urlOf(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  /** Exchanges a fresh OpenID token for a session; concurrent callers share one exchange. */
  signIn(): Promise<SessionInfo> {
    this.pendingSignIn ??= (async () => {
      try {
        const openIdToken = await this.openIdToken();
        this.session = await json<SessionInfo>(await this.send("POST", "api/session", { openIdToken }));
        return this.session;
      } finally {
        this.pendingSignIn = undefined;
      }
    })();
    return this.pendingSignIn;
  }

  /** The doctor report; it names the homeserver and the moderator room, so it needs the session. */
  async health(): Promise<HealthReport> {
    return this.request<HealthReport>("GET", "api/health");
  }

  /** A request as the signed-in moderator; `timeoutMs` for the few that may rightly take long. */
  async request<T>(method: string, path: string, body?: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
    return json<T>(await this.authed(method, path, body, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined));
  }

  /** `plan` previews and changes nothing; `apply` with the same input performs it. */
  action<N extends ActionName>(name: N, mode: "plan" | "apply", input: object, options: { timeoutMs?: number } = {}): Promise<ActionResponse<ActionPlan<N>, ActionResult<N>>> {
    return this.request("POST", `api/actions/${name}/${mode}`, input, options);
  }

  /** A file the server makes (CSV, JSON export); fetched with the session, since a plain link has no bearer header. */
  async download(path: string): Promise<Blob> {
    return (await this.authed("GET", path)).blob();
  }

  /**
   * Follows a job's server-sent progress events until it finishes or `signal` aborts. The stream
   * needs the bearer header, so it is read with fetch rather than EventSource; a dropped stream is
   * reopened (the server starts each stream with the current snapshot).
   */
  async watchJob(id: string, onSnapshot: (job: JobSnapshot) => void, signal: AbortSignal): Promise<void> {
    let last: JobSnapshot | undefined;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const res = await this.authed("GET", `api/jobs/${encodeURIComponent(id)}/events`, undefined, signal);
        for await (const snapshot of jobSnapshots(res.body!)) {
          last = snapshot;
          attempt = 0;
          onSnapshot(last);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (!(err instanceof Problem) || err.kind !== "unreachable") throw err;
      }
      if (last && FINISHED.has(last.state)) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 10_000)));
    }
  }

  private async authed(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const session = await this.freshSession();
    try {
      return await this.send(method, path, body, session.token, signal);
    } catch (err) {
      if (!(err instanceof Problem) || err.kind !== "unauthenticated") throw err;
      const renewed = await this.signIn();
      return this.send(method, path, body, renewed.token, signal);
    }
  }

  private async freshSession(): Promise<SessionInfo> {
    const session = this.session;
    if (session && Date.parse(session.expiresAt) - Date.now() > RENEW_BEFORE_EXPIRY_MS) return session;
    return this.signIn();
  }

  /** A successful response, or the Problem the server (or its absence) stands for. Streams pass their own signal and no time limit. */
  private async send(method: string, path: string, body?: unknown, token?: string, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new Problem("unreachable", "The dashboard server did not answer.", undefined, { said: said("serverNoAnswer", "The dashboard server did not answer.") });
    }
    if (res.ok) return res;
    throw problemFrom(res.status, await res.json().catch(() => undefined));
  }
}

async function json<T>(res: Response): Promise<T> {
  const value: unknown = await res.json().catch(() => undefined);
  if (value === undefined) throw problemFrom(res.status, undefined);
  return value as T;
}

function problemFrom(status: number, json: unknown): Problem {
  const error = (json as Partial<ApiErrorBody> | undefined)?.error;
  if (!error || typeof error.message !== "string") {
    // No JSON error body: a proxy or gateway answered, not the dashboard.
    const message = `The dashboard server answered HTTP ${status}.`;
    return new Problem(status >= 500 ? "unreachable" : "failed", message, undefined, { said: said("serverAnsweredStatus", message, { status }) });
  }
  const kinds: Partial<Record<ErrorCode, ProblemKind>> = { unauthenticated: "unauthenticated", forbidden: "forbidden" };
  return new Problem(kinds[error.code as ErrorCode] ?? "failed", error.message, error.hint, { code: error.code, field: error.field, said: error.said });
}
