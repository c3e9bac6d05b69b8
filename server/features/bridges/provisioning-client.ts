import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { networkCode } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { BridgeLoginField, BridgeLoginFlow, BridgeLoginStep } from "../../../shared/bridges.ts";

/** One login of the acting Matrix user on the bridge (bridgev2 RespWhoamiLogin, trimmed). */
export type BridgeLogin = { id: string; name: string; state: string };

export type BridgeWhoami = { bridgeBot: string; commandPrefix: string; networkName: string; logins: BridgeLogin[] };

export type CreatedGroup = { remoteId: string; roomId: string };

type MautrixError = { errcode?: string; error?: string; "fi.mau.internal_error"?: string };

/** What the bridge's capabilities say about creating a group of the configured type. */
export type GroupRules = { known: boolean; nameLimit: number | null; minParticipants: number };

type RequestOptions = {
  loginId?: string | null;
  json?: unknown;
  timeoutMs?: number;
  /** Set for calls on a login process, whose errors mean that login failed or is gone. */
  loginProcess?: string;
};

/** bridgev2 holds display_and_wait open until the person scans; below undici's 300 s header timeout. */
const LOGIN_WAIT_TIMEOUT_MS = 270_000;

const DISPLAY_TYPES = ["qr", "emoji", "code", "nothing"] as const;
const str = (v: unknown) => (typeof v === "string" ? v : "");

const TRANSPORT_CAUSES: Record<string, string> = {
  ECONNREFUSED: "nothing is listening at that address (connection refused)",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved right now",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "the host cannot be reached",
  ETIMEDOUT: "the connection timed out",
};

/**
 * mautrix bridgev2's provisioning API (/_matrix/provision/v3), acting as `user_id`, authenticated
 * with the shared secret or, without one, with the dashboard bot's own access token (mautrix's
 * allow_matrix_auth; the bridge checks it with the homeserver). Only this file knows its paths and
 * JSON shapes.
 */
export class ProvisioningClient {
  private readonly bridge: BridgeConfig;
  private readonly botToken: () => string;
  private readonly fetchImpl: typeof fetch;

  constructor(bridge: BridgeConfig, botToken: () => string, fetchImpl: typeof fetch = fetch) {
    if (!bridge.provisioningUrl) throw new Error(`${bridge.network}: provisioning is not configured`);
    this.bridge = bridge;
    this.botToken = botToken;
    this.fetchImpl = fetchImpl;
  }

  async whoami(actingUser: string): Promise<BridgeWhoami> {
    const body = await this.request("GET", "/whoami", actingUser);
    return {
      bridgeBot: String(body.bridge_bot ?? ""),
      commandPrefix: String(body.command_prefix ?? ""),
      networkName: String(body.network?.displayname ?? this.bridge.displayName),
      logins: (Array.isArray(body.logins) ? body.logins : []).map((l: any) => ({
        id: String(l.id),
        name: String(l.name ?? l.id),
        state: String(l.state?.state_event ?? l.state_event ?? "UNKNOWN"),
      })),
    };
  }

  /** The bridge's rules for new groups of the configured type (its capabilities' group_creation). */
  async groupRules(actingUser: string): Promise<GroupRules> {
    const body = await this.request("GET", "/capabilities", actingUser);
    const rules = body.group_creation?.[this.bridge.groupType];
    const limit = rules?.name?.max_length;
    const participants = rules?.participants ?? {};
    const minimum = typeof participants.min_length === "number" ? participants.min_length : 0;
    return {
      known: Boolean(rules),
      nameLimit: typeof limit === "number" && limit > 0 ? limit : null,
      minParticipants: participants.required ? Math.max(1, minimum) : minimum,
    };
  }

  /** create_group with room_id: the bridge makes a new remote group for this existing room. */
  async createGroup(actingUser: string, group: { name: string; topic: string | null; roomId: string; loginId: string | null }): Promise<CreatedGroup> {
    const body = await this.request("POST", `/create_group/${encodeURIComponent(this.bridge.groupType)}`, actingUser, {
      loginId: group.loginId,
      json: { name: { name: group.name }, ...(group.topic ? { topic: { topic: group.topic } } : {}), participants: [], room_id: group.roomId },
    });
    return { remoteId: String(body.id), roomId: String(body.mxid || group.roomId) };
  }

  async loginFlows(actingUser: string): Promise<BridgeLoginFlow[]> {
    const body = await this.request("GET", "/login/flows", actingUser);
    return (Array.isArray(body.flows) ? body.flows : []).map((f: any) => ({ id: str(f.id), name: str(f.name) || str(f.id), description: str(f.description) }));
  }

  async startLogin(actingUser: string, flowId: string): Promise<BridgeLoginStep> {
    return this.loginStep(await this.request("POST", `/login/start/${encodeURIComponent(flowId)}`, actingUser, { loginProcess: "" }));
  }

  /** display_and_wait: answers once the person has scanned (or the bridge gave up). */
  async waitForLogin(actingUser: string, processId: string, stepId: string): Promise<BridgeLoginStep> {
    const path = `/login/step/${encodeURIComponent(processId)}/${encodeURIComponent(stepId)}/display_and_wait`;
    return this.loginStep(await this.request("POST", path, actingUser, { loginProcess: processId, timeoutMs: LOGIN_WAIT_TIMEOUT_MS }));
  }

  async submitLoginInput(actingUser: string, processId: string, stepId: string, fields: Record<string, string>): Promise<BridgeLoginStep> {
    const path = `/login/step/${encodeURIComponent(processId)}/${encodeURIComponent(stepId)}/user_input`;
    return this.loginStep(await this.request("POST", path, actingUser, { loginProcess: processId, json: fields }));
  }

  /** Ends a login in progress; an open display_and_wait then fails (LOGIN_CANCELLED). */
  async cancelLogin(actingUser: string, processId: string): Promise<void> {
    await this.request("POST", `/login/cancel/${encodeURIComponent(processId)}`, actingUser, { loginProcess: processId });
  }

  private loginStep(body: any): BridgeLoginStep {
    const base = { loginId: str(body.login_id), stepId: str(body.step_id), instructions: str(body.instructions) };
    switch (body.type) {
      case "display_and_wait": {
        const d = body.display_and_wait ?? {};
        const type = DISPLAY_TYPES.find((t) => t === d.type) ?? "nothing";
        return { ...base, type: "display_and_wait", display: { type, data: str(d.data) || null, imageUrl: str(d.image_url) || null } };
      }
      case "user_input": {
        const fields: BridgeLoginField[] = (Array.isArray(body.user_input?.fields) ? body.user_input.fields : []).map((f: any) => ({
          type: str(f.type),
          id: str(f.id),
          name: str(f.name) || str(f.id),
          description: str(f.description),
          pattern: str(f.pattern) || null,
        }));
        return { ...base, type: "user_input", fields };
      }
      case "complete":
        return { ...base, type: "complete", userLoginId: str(body.complete?.user_login_id), loginName: null };
      default:
        throw bridgeErrors.loginStepUnsupported(this.bridge, str(body.type) || "unknown");
    }
  }

  private async request(method: string, path: string, actingUser: string, options: RequestOptions = {}): Promise<any> {
    const { loginId, json } = options;
    const b = this.bridge;
    const url = new URL(`${b.provisioningUrl}/_matrix/provision/v3${path}`);
    url.searchParams.set("user_id", actingUser);
    if (loginId) url.searchParams.set("login_id", loginId);
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${b.provisioningSecret ?? this.botToken()}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(options.timeoutMs ?? (method === "GET" ? 10_000 : 30_000)),
      });
    } catch (err) {
      if ((err as Error).name === "TimeoutError") {
        if (options.loginProcess && options.timeoutMs) throw bridgeErrors.loginFailed(b, `nothing was scanned within ${options.timeoutMs / 1000} s`);
        throw bridgeErrors.unreachable(b, "it did not answer in time");
      }
      const code = networkCode(err) ?? "UNKNOWN";
      throw bridgeErrors.unreachable(b, `${TRANSPORT_CAUSES[code] ?? "the request failed"} (${code})`);
    }
    const text = await res.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = null;
    }
    if (res.ok && body) return body;
    throw this.failure(res.status, body, actingUser, options);
  }

  /**
   * The bridge's error, by errcode family: only transport failures (above) and answers that are not
   * the provisioning API's mean "unreachable"; everything else keeps what the bridge said, including
   * fi.mau.internal_error, the real cause behind a 500.
   */
  private failure(status: number, body: MautrixError | null, actingUser: string, { loginId, loginProcess }: RequestOptions): ApiError {
    const b = this.bridge;
    if (!body || typeof body.errcode !== "string") {
      return bridgeErrors.unreachable(b, `the address answers HTTP ${status} but is not a mautrix provisioning API`);
    }
    const errcode = body.errcode;
    const internal = body["fi.mau.internal_error"];
    const said = [body.error ?? errcode, internal].filter(Boolean).join(": ");
    const LOGIN_ERRORS: Record<string, () => ApiError> = {
      "FI.MAU.BRIDGE.LOGIN_TIMED_OUT": () => bridgeErrors.loginExpired(b, said),
      "FI.MAU.BRIDGE.LOGIN_CANCELLED": () => bridgeErrors.loginCancelled(b),
      "FI.MAU.BRIDGE.LOGIN_ALREADY_FINISHED": () => bridgeErrors.loginFinished(b),
      "FI.MAU.BRIDGE.TOO_MANY_LOGINS": () => bridgeErrors.tooManyLogins(b, actingUser, said),
    };
    if (Object.hasOwn(LOGIN_ERRORS, errcode)) return LOGIN_ERRORS[errcode]!();
    if (loginProcess !== undefined) {
      if (errcode === "M_NOT_FOUND" && loginProcess) return bridgeErrors.loginNotFound(b, loginProcess);
      if (errcode === "M_BAD_STATE") return bridgeErrors.loginStepStale(b, said);
      // A network's own login codes (FI.MAU.WHATSAPP.LOGIN_TIMEOUT, …), M_UNKNOWN and any 5xx end this login.
      if (/^FI\.MAU\./.test(errcode) && /TIMEOUT|TIMED_OUT/.test(errcode)) return bridgeErrors.loginExpired(b, said);
      if (/^FI\.MAU\./.test(errcode) || errcode === "M_UNKNOWN" || status >= 500) return bridgeErrors.loginFailed(b, said);
    }
    switch (errcode) {
      case "M_UNKNOWN_TOKEN":
      case "M_MISSING_TOKEN":
        return b.provisioningSecret ? bridgeErrors.secretInvalid(b) : bridgeErrors.matrixAuthRefused(b, actingUser);
      case "M_FORBIDDEN":
        return bridgeErrors.forbidden(b, actingUser, said);
      case "FI.MAU.NOT_LOGGED_IN":
        return bridgeErrors.notLoggedIn(b, actingUser);
      case "M_NOT_FOUND":
        if (loginId && /login/i.test(said)) return bridgeErrors.notLoggedIn(b, actingUser, `login ${loginId} not found`);
        return bridgeErrors.declined(b, status, errcode, said);
      case "M_UNRECOGNIZED":
        // The router's own answers (no such endpoint, wrong method): a bridge older than the dashboard expects.
        if (/^(Unrecognized endpoint|Invalid method for endpoint)$/.test(body.error ?? "")) return bridgeErrors.endpointMissing(b, said);
        return bridgeErrors.declined(b, status, errcode, said);
      case "M_INVALID_PARAM":
      case "M_BAD_JSON":
      case "M_NOT_JSON":
        return bridgeErrors.invalidRequest(b, said);
      default:
        return status >= 500 ? bridgeErrors.bridgeFailed(b, said) : bridgeErrors.declined(b, status, errcode, said);
    }
  }
}
