import { FetchError, ResponseError } from "@goauthentik/api/dist/runtime.js";
import { AuthentikError, tokenRejected } from "./errors.ts";
import { networkCode } from "../errors/homeserver-failure.ts";

export type AuthentikRetryPolicy = {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  /** A Retry-After longer than this is not waited for: the failure goes to the caller. */
  maxWaitMs: number;
  baseDelayMs: number;
  /** A request that timed out is tried at most this many times: a slow Authentik should not be hammered. */
  maxTimeoutAttempts: number;
  sleep?: (ms: number) => Promise<void>;
};

export const defaultAuthentikRetry: AuthentikRetryPolicy = { maxAttempts: 5, maxWaitMs: 60_000, baseDelayMs: 500, maxTimeoutAttempts: 2 };

type Verdict = { error: AuthentikError; retry: false } | { error: AuthentikError; retry: true; waitMs?: number; timeout?: boolean };

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function detailOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text);
    return typeof body?.detail === "string" ? body.detail : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

async function classify(err: unknown, what: string, baseUrl: string): Promise<Verdict> {
  if (err instanceof AuthentikError) return { error: err, retry: false };
  if (err instanceof ResponseError) {
    const status = err.response.status;
    if (status === 401 || status === 403) return { error: tokenRejected(status), retry: false };
    if (status === 429) {
      return {
        retry: true,
        waitMs: retryAfterMs(err.response.headers.get("retry-after")),
        error: new AuthentikError({
          code: "authentik_rate_limited",
          upstreamStatus: status,
          message: `Authentik rate-limited ${what} (HTTP 429)`,
          hint: "Wait and retry, or raise the API rate limit for the sync's service account in Authentik.",
        }),
      };
    }
    const detail = await detailOf(err.response);
    if (status >= 500) {
      return {
        retry: true,
        error: new AuthentikError({
          code: "authentik_error",
          upstreamStatus: status,
          message: `Authentik failed while ${what} (HTTP ${status}${detail ? `: ${detail}` : ""})`,
          hint: "Check Authentik's server and worker logs; the dashboard retried a few times before giving up.",
        }),
      };
    }
    return {
      retry: false,
      error: new AuthentikError({
        code: status === 404 ? "authentik_not_found" : "authentik_error",
        upstreamStatus: status,
        message: `Authentik refused ${what} (HTTP ${status}${detail ? `: ${detail}` : ""})`,
        hint: status === 404 ? "Check AUTHENTIK_URL: it must be the Authentik server's address, without /api/v3." : "See Authentik's message above.",
      }),
    };
  }
  const cause = err instanceof FetchError ? err.cause : err;
  const name = (cause as Error | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return {
      retry: true,
      timeout: true,
      error: new AuthentikError({
        code: "authentik_timeout",
        message: `Authentik did not answer in time while ${what}`,
        hint: "Check Authentik's load and the network path to AUTHENTIK_URL, or raise AUTHENTIK_TIMEOUT_MS.",
      }),
    };
  }
  if (err instanceof FetchError) {
    const code = networkCode(cause) ?? "network error";
    return {
      retry: true,
      error: new AuthentikError({
        code: "authentik_unreachable",
        message: `Authentik cannot be reached at ${baseUrl} while ${what} (${code})`,
        hint: "Check that Authentik is running and that AUTHENTIK_URL has the right scheme, host and port.",
      }),
    };
  }
  if (err instanceof SyntaxError) {
    return {
      retry: false,
      error: new AuthentikError({
        code: "authentik_error",
        message: `Authentik answered ${what} with something that is not JSON`,
        hint: "Check that AUTHENTIK_URL points at the Authentik server itself, not a proxy or login page.",
      }),
    };
  }
  throw err;
}

/**
 * Shared by every request of one client: a 429 holds all of them, not only the refused one, until
 * Authentik's Retry-After has passed, so parallel page reads do not keep knocking while it is busy.
 */
export class RateGate {
  private notBefore = 0;

  hold(ms: number): void {
    this.notBefore = Math.max(this.notBefore, Date.now() + ms);
  }

  async wait(sleep: (ms: number) => Promise<void>): Promise<void> {
    for (let left = this.notBefore - Date.now(); left > 0; left = this.notBefore - Date.now()) await sleep(left);
  }
}

/**
 * The one retry layer for Authentik calls: 429 waits as Retry-After says (else backs off), 5xx and
 * network errors back off exponentially, timeouts get one more try, 401/403 fail at once.
 */
export async function withAuthentikRetry<T>(what: string, baseUrl: string, call: () => Promise<T>, policy: AuthentikRetryPolicy, gate?: RateGate): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    await gate?.wait(sleep);
    try {
      return await call();
    } catch (err) {
      const verdict = await classify(err, what, baseUrl);
      if (!verdict.retry || attempt >= policy.maxAttempts) throw verdict.error;
      if (verdict.timeout && ++timeouts >= policy.maxTimeoutAttempts) throw verdict.error;
      const wait = verdict.waitMs ?? Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxWaitMs);
      if (wait > policy.maxWaitMs) throw verdict.error;
      if (verdict.error.upstreamStatus === 429 && gate) gate.hold(wait);
      else await sleep(wait);
    }
  }
}
