import type { OpenIdToken, SessionInfo } from "../shared/session.ts";
import type { HealthReport } from "../shared/health.ts";
import type { ApiErrorBody, ErrorCode } from "../shared/api-error.ts";
import { Problem, type ProblemKind } from "./problem.ts";

/** Renew this long before the session expires, so a request never races the expiry. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;

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

  /** Exchanges a fresh OpenID token for a session; concurrent callers share one exchange. */
  signIn(): Promise<SessionInfo> {
    this.pendingSignIn ??= (async () => {
      try {
        const openIdToken = await this.openIdToken();
        this.session = await this.send<SessionInfo>("POST", "api/session", { openIdToken });
        return this.session;
      } finally {
        this.pendingSignIn = undefined;
      }
    })();
    return this.pendingSignIn;
  }

  /** The doctor report; public, so it needs no session. */
  health(): Promise<HealthReport> {
    return this.send<HealthReport>("GET", "api/health");
  }

  /** A request as the signed-in moderator. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const session = await this.freshSession();
    try {
      return await this.send<T>(method, path, body, session.token);
    } catch (err) {
      if (!(err instanceof Problem) || err.kind !== "unauthenticated") throw err;
      const renewed = await this.signIn();
      return this.send<T>(method, path, body, renewed.token);
    }
  }

  private async freshSession(): Promise<SessionInfo> {
    const session = this.session;
    if (session && Date.parse(session.expiresAt) - Date.now() > RENEW_BEFORE_EXPIRY_MS) return session;
    return this.signIn();
  }

  private async send<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
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
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new Problem("unreachable", "The dashboard server did not answer.");
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (res.ok && json !== undefined) return json as T;
    throw problemFrom(res.status, json);
  }
}

function problemFrom(status: number, json: unknown): Problem {
  const error = (json as Partial<ApiErrorBody> | undefined)?.error;
  if (!error || typeof error.message !== "string") {
    // No JSON error body: a proxy or gateway answered, not the dashboard.
    return new Problem(status >= 500 ? "unreachable" : "failed", `The dashboard server answered HTTP ${status}.`);
  }
  const kinds: Partial<Record<ErrorCode, ProblemKind>> = { unauthenticated: "unauthenticated", forbidden: "forbidden" };
  return new Problem(kinds[error.code as ErrorCode] ?? "failed", error.message, error.hint);
}
