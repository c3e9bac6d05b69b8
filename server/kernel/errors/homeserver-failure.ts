import { ErrorCode } from "../../../shared/api-error.ts";
import { HttpStatusError } from "./homeserver-answers.ts";
import { said, type Said, type SaidParams } from "../../../shared/said.ts";

/** What went wrong talking to the homeserver, said so a person can act on it. */
export class HomeserverFailure extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly hint: string;
  readonly errcode: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** The message as a code and parameters (the widget words it and its hint); `message` stays the English. */
  readonly said: Said | undefined;

  constructor(o: { status: number; code: ErrorCode; message: string; hint: string; errcode?: string; retryAfterMs?: number; saying?: [string, SaidParams?] }) {
    super(o.message);
    this.name = "HomeserverFailure";
    this.status = o.status;
    this.code = o.code;
    this.hint = o.hint;
    this.errcode = o.errcode;
    this.retryAfterMs = o.retryAfterMs;
    this.said = o.saying ? said(o.saying[0], o.message, o.saying[1]) : undefined;
  }
}

const NETWORK_CAUSES: Record<string, { message: string; hint: string; said: string }> = {
  ECONNREFUSED: {
    said: "hsConnectionRefused",
    message: "Nothing is listening at the homeserver address (connection refused)",
    hint: "Check that Synapse is running and that MATRIX_HOMESERVER has the right host and port.",
  },
  ENOTFOUND: {
    said: "hsDnsFailed",
    message: "The homeserver's host name does not resolve (DNS lookup failed)",
    hint: "Check the spelling of MATRIX_HOMESERVER and that its DNS record exists.",
  },
  EAI_AGAIN: {
    said: "hsDnsAgain",
    message: "The homeserver's host name could not be resolved right now (DNS temporary failure)",
    hint: "Check the machine's DNS configuration and network, then try again.",
  },
  ETIMEDOUT: {
    said: "hsTimeout",
    message: "The homeserver did not answer in time",
    hint: "Check the network path to MATRIX_HOMESERVER (firewall, proxy) and the server's load.",
  },
  ESOCKETTIMEDOUT: {
    said: "hsTimeout",
    message: "The homeserver did not answer in time",
    hint: "Check the network path to MATRIX_HOMESERVER (firewall, proxy) and the server's load.",
  },
  ECONNRESET: {
    said: "hsReset",
    message: "The connection to the homeserver was reset",
    hint: "Check the reverse proxy in front of Synapse and that MATRIX_HOMESERVER uses the right scheme (http or https).",
  },
  EHOSTUNREACH: {
    said: "hsNoRoute",
    message: "The homeserver's host cannot be reached (no route)",
    hint: "Check the network and the address in MATRIX_HOMESERVER.",
  },
};

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_NOT_YET_VALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

export function networkCode(err: unknown): string | undefined {
  let e: any = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === "string") return e.code;
    e = e.cause;
  }
  return undefined;
}

/** Turns a transport error (no HTTP answer) into a failure that names the cause and the fix. */
export function describeNetworkError(err: unknown): HomeserverFailure {
  const code = networkCode(err) ?? "UNKNOWN";
  if (TLS_CODES.has(code)) {
    return new HomeserverFailure({
      status: 502,
      code: ErrorCode.homeserverUnreachable,
      message: `The homeserver's TLS certificate is not valid (${code})`,
      hint: "Renew or fix the certificate (it must match the host name and chain to a trusted CA), or use the right URL in MATRIX_HOMESERVER.",
      saying: ["hsTls", { cause: code }],
    });
  }
  const known = NETWORK_CAUSES[code];
  return new HomeserverFailure({
    status: 502,
    code: ErrorCode.homeserverUnreachable,
    message: known ? `${known.message} (${code})` : `The homeserver cannot be reached (${code})`,
    hint: known?.hint ?? "Check MATRIX_HOMESERVER and that the homeserver is running and reachable from this machine.",
    saying: [known?.said ?? "hsUnreachable", { cause: code }],
  });
}

type MatrixErrorLike = { errcode: string; error?: string; statusCode?: number; retryAfterMs?: number };

function isMatrixError(err: unknown): err is MatrixErrorLike {
  return typeof err === "object" && err !== null && typeof (err as any).errcode === "string";
}

/**
 * Maps anything a Matrix call can throw (a MatrixError, a non-JSON HTTP response,
 * a network error) to a HomeserverFailure. `context` says what was being done, for the message.
 */
export function describeMatrixFailure(err: unknown, context?: string): HomeserverFailure {
  if (err instanceof HomeserverFailure) return err;
  const prefix = context ? `${context}: ` : "";
  if (isMatrixError(err)) {
    const detail = err.error ? ` (${err.errcode}: ${err.error})` : ` (${err.errcode})`;
    // The homeserver's own words stay as it sent them; the widget words the rest (without `context`, English words).
    const said = { detail: err.error ? `${err.errcode}: ${err.error}` : err.errcode };
    switch (err.errcode) {
      case "M_UNKNOWN_TOKEN":
      case "M_MISSING_TOKEN":
        return new HomeserverFailure({
          status: 502,
          code: ErrorCode.homeserverTokenInvalid,
          errcode: err.errcode,
          message: `${prefix}the bot's access token is invalid or expired${detail}`,
          hint: "Log the bot in again (`npm run rotate-token`, or `npm run setup`) and put the new token in MATRIX_ACCESS_TOKEN.",
          saying: ["hsTokenInvalid", said],
        });
      case "M_LIMIT_EXCEEDED":
        return new HomeserverFailure({
          status: 429,
          code: ErrorCode.rateLimited,
          errcode: err.errcode,
          retryAfterMs: err.retryAfterMs,
          message: `${prefix}the homeserver's rate limit was hit${err.retryAfterMs ? `; retry in ${Math.ceil(err.retryAfterMs / 1000)} s` : ""}`,
          hint: "Wait and retry, or lift the bot's limits with Synapse's admin API (POST /_synapse/admin/v1/users/<bot>/override_ratelimit).",
          saying: err.retryAfterMs ? ["hsRateLimitedFor", { seconds: Math.ceil(err.retryAfterMs / 1000) }] : ["hsRateLimited"],
        });
      case "M_FORBIDDEN":
        return new HomeserverFailure({
          status: 403,
          code: ErrorCode.homeserverForbidden,
          errcode: err.errcode,
          message: `${prefix}the homeserver refused the bot${detail}`,
          hint: "Give the bot the power level this needs in the room, or the right on the server (for example room creation).",
          saying: ["hsForbidden", said],
        });
      case "M_NOT_FOUND":
        return new HomeserverFailure({
          status: 404,
          code: ErrorCode.notFound,
          errcode: err.errcode,
          message: `${prefix}not found on the homeserver${detail}`,
          hint: "Check the room or user identifier.",
          saying: ["hsNotFound", said],
        });
      case "M_UNRECOGNIZED":
        return new HomeserverFailure({
          status: 502,
          code: ErrorCode.homeserverError,
          errcode: err.errcode,
          message: `${prefix}the homeserver does not know this request${detail}`,
          hint: "The dashboard needs Synapse 1.114 or newer (simplified sliding sync, MSC4186, on by default); `npm run doctor` names what is missing.",
          saying: ["hsUnrecognised", said],
        });
      case "M_ROOM_IN_USE":
        return new HomeserverFailure({
          status: 409,
          code: ErrorCode.conflict,
          errcode: err.errcode,
          message: `${prefix}the room alias is already taken${detail}`,
          hint: "Choose another alias.",
          saying: ["hsAliasTaken", said],
        });
      default:
        return new HomeserverFailure({
          status: err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? 400 : 502,
          code: ErrorCode.homeserverError,
          errcode: err.errcode,
          message: `${prefix}the homeserver returned an error${detail}`,
          hint: "See the homeserver's message above.",
          saying: ["hsError", said],
        });
    }
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number") {
    return new HomeserverFailure({
      status: 502,
      code: ErrorCode.homeserverError,
      message: `${prefix}the homeserver answered HTTP ${status} without a Matrix error`,
      hint: "Check that MATRIX_HOMESERVER is the client-server API URL of a Matrix homeserver (not a web page or proxy error page).",
      saying: ["hsHttpStatus", { status }],
    });
  }
  return describeNetworkError(err);
}

/** Whether an error came from talking to the homeserver (its answer, or the network to it) rather than from our own code. */
export function fromHomeserver(err: unknown): boolean {
  if (err instanceof HomeserverFailure || isMatrixError(err)) return true;
  // A failed answer that carries no Matrix error (a proxy's error page).
  if (err instanceof HttpStatusError) return true;
  const code = networkCode(err) ?? "";
  return code in NETWORK_CAUSES || TLS_CODES.has(code);
}

/** The homeserver has no such endpoint, or has it switched off (Synapse's experimental features). */
export function isUnrecognised(err: unknown): boolean {
  return (err as { errcode?: string })?.errcode === "M_UNRECOGNIZED";
}

/** 404 from the homeserver, whatever errcode it chose (Synapse answers unknown profiles with M_UNKNOWN). */
export function isNotFound(err: unknown): boolean {
  const e = err as { errcode?: string; statusCode?: number };
  return e?.errcode === "M_NOT_FOUND" || e?.statusCode === 404;
}

const TRANSIENT_NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH", "EPIPE", "UND_ERR_SOCKET"]);

/**
 * The one rule for what a job waits out instead of failing: a rate limit, an unreachable homeserver
 * or its 5xx. Returns the failure described for people, or undefined when the error is the item's own.
 */
export function transientFailure(err: unknown): HomeserverFailure | undefined {
  const isMatrix = err instanceof HomeserverFailure || typeof (err as { errcode?: unknown })?.errcode === "string";
  const isHttp = typeof (err as { statusCode?: unknown })?.statusCode === "number";
  const isNetwork = TRANSIENT_NETWORK_CODES.has(networkCode(err) ?? "");
  if (!isMatrix && !isHttp && !isNetwork) return undefined;
  const failure = describeMatrixFailure(err);
  const waits = failure.code === "rate_limited" || failure.code === "homeserver_unreachable" || (failure.code === "homeserver_error" && failure.status >= 500);
  return waits ? failure : undefined;
}
