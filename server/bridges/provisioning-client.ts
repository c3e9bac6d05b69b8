import type { BridgeConfig } from "./bridge-config.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { networkCode } from "../matrix/failure.ts";
import { ApiError } from "../http/api-error.ts";

/** One login of the acting Matrix user on the bridge (bridgev2 RespWhoamiLogin, trimmed). */
export type BridgeLogin = { id: string; name: string; state: string };

export type BridgeWhoami = { bridgeBot: string; commandPrefix: string; networkName: string; logins: BridgeLogin[] };

export type CreatedGroup = { remoteId: string; roomId: string };

type MautrixError = { errcode?: string; error?: string };

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
    const body = await this.request("POST", `/create_group/${encodeURIComponent(this.bridge.groupType)}`, actingUser, group.loginId, {
      name: { name: group.name },
      ...(group.topic ? { topic: { topic: group.topic } } : {}),
      participants: [],
      room_id: group.roomId,
    });
    return { remoteId: String(body.id), roomId: String(body.mxid || group.roomId) };
  }

  private async request(method: string, path: string, actingUser: string, loginId?: string | null, json?: unknown): Promise<any> {
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
        signal: AbortSignal.timeout(method === "GET" ? 10_000 : 30_000),
      });
    } catch (err) {
      if ((err as Error).name === "TimeoutError") throw bridgeErrors.unreachable(b, "it did not answer in time");
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
    throw this.failure(res.status, body, actingUser, loginId);
  }

  private failure(status: number, body: MautrixError | null, actingUser: string, loginId?: string | null): ApiError {
    const b = this.bridge;
    if (!body || typeof body.errcode !== "string") {
      return bridgeErrors.unreachable(b, `the address answers HTTP ${status} but is not a mautrix provisioning API`);
    }
    const said = body.error ?? body.errcode;
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
