import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { networkCode } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { BridgeLoginField, BridgeLoginFlow, BridgeLoginStep } from "../../../shared/bridges.ts";

/** One login of the acting Matrix user on the bridge (bridgev2 RespWhoamiLogin, trimmed). */
export type BridgeLogin = { id: string; name: string; state: string };

export type BridgeWhoami = { bridgeBot: string; commandPrefix: string; networkName: string; logins: BridgeLogin[] };

export type CreatedGroup = { remoteId: string; roomId: string };

type MautrixError = { errcode?: string; error?: string };

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
 * mautrix bridgev2's provisioning API (/_matrix/provision/v3), authenticated with the shared
 * secret and acting as `user_id`. Only this file knows its paths and JSON shapes.
 */
export class ProvisioningClient {
  private readonly bridge: BridgeConfig;
  private readonly fetchImpl: typeof fetch;

  constructor(bridge: BridgeConfig, fetchImpl: typeof fetch = fetch) {
    if (!bridge.provisioningUrl || !bridge.provisioningSecret) throw new Error(`${bridge.network}: provisioning is not configured`);
    this.bridge = bridge;
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

  /** The bridge's own limit on group names, when its capabilities state one. */
  async groupNameLimit(actingUser: string): Promise<number | null> {
    const body = await this.request("GET", "/capabilities", actingUser);
    const limit = body.group_creation?.[this.bridge.groupType]?.name?.max_length;
    return typeof limit === "number" && limit > 0 ? limit : null;
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
        headers: { authorization: `Bearer ${b.provisioningSecret}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
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

  private failure(status: number, body: MautrixError | null, actingUser: string, { loginId, loginProcess }: RequestOptions): ApiError {
    const b = this.bridge;
    if (!body || typeof body.errcode !== "string") {
      return bridgeErrors.unreachable(b, `the address answers HTTP ${status} but is not a mautrix provisioning API`);
    }
    const said = body.error ?? body.errcode;
    if (loginProcess !== undefined) {
      if (body.errcode === "M_NOT_FOUND" && loginProcess) return bridgeErrors.loginNotFound(b, loginProcess);
      if (body.errcode === "M_BAD_STATE") return bridgeErrors.loginStepStale(b, said);
      if (body.errcode === "M_UNKNOWN" || status >= 500) return bridgeErrors.loginFailed(b, said);
    }
    switch (body.errcode) {
      case "M_UNKNOWN_TOKEN":
      case "M_MISSING_TOKEN":
        return bridgeErrors.secretInvalid(b);
      case "FI.MAU.NOT_LOGGED_IN":
        return bridgeErrors.notLoggedIn(b, actingUser);
      case "M_NOT_FOUND":
        if (loginId && /login/i.test(said)) return bridgeErrors.notLoggedIn(b, actingUser, `login ${loginId} not found`);
        return bridgeErrors.refused(b, said);
      case "M_UNRECOGNIZED":
        if (status === 404 || status === 405) return bridgeErrors.unreachable(b, `the bridge does not offer this provisioning endpoint (${said})`);
        return bridgeErrors.refused(b, said);
      case "M_FORBIDDEN":
        return bridgeErrors.refused(b, `${said} (check the bridge's permissions for ${actingUser})`);
      default:
        return bridgeErrors.refused(b, said);
    }
  }
}
