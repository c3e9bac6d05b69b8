import { httpRequest } from "./http-request.ts";
import { HttpStatusError, MatrixError } from "../errors/homeserver-answers.ts";

export { HttpStatusError, MatrixError };

/**
 * The Client-Server API over node:http (see http-request.ts): the few calls the Bot adapter makes,
 * with matrix-bot-sdk's names, argument order and error shapes. matrix-bot-sdk itself is not loaded by the server: its
 * index pulls in `request`, express 4, lowdb, postgres and an HTML converter (about 50 MB of resident
 * memory) for the one thing the bot used it for, authorised JSON requests. The test suite's E2EE
 * clients still use matrix-bot-sdk, so the wire behaviour is held to it there.
 */

/** As long as matrix-bot-sdk waited for an answer (without one for this long, the socket is given up). */
const REQUEST_TIMEOUT_MS = 60_000;

type Query = Record<string, unknown> | null | undefined;

function queryString(qs: Query): string {
  if (!qs) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(qs)) {
    if (value === undefined || value === null) continue;
    // Arrays repeat the key (`server_name=a&server_name=b`), as the spec's query arrays are written.
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

const enc = encodeURIComponent;

export class MatrixHttpClient {
  private txnCounter = 0;
  readonly homeserverUrl: string;
  readonly accessToken: string;

  constructor(homeserverUrl: string, accessToken: string) {
    this.homeserverUrl = homeserverUrl;
    this.accessToken = accessToken;
  }

  /** One authorised JSON request; resolves to the parsed answer, rejects with MatrixError, HttpStatusError or the network error. */
  async doRequest(method: string, endpoint: string, qs?: Query, body?: unknown): Promise<any> {
    const path = endpoint.startsWith("/") ? endpoint : `/${endpoint}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}` };
    if (body) headers["content-type"] = "application/json";
    const { status, text } = await httpRequest(this.homeserverUrl + path + queryString(qs), {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: kept as text for the error below
    }
    if (parsed && typeof parsed === "object" && typeof parsed.errcode === "string") throw new MatrixError(parsed, status);
    if (status < 200 || status >= 300) throw new HttpStatusError(status, parsed);
    return parsed;
  }

  getWhoAmI(): Promise<{ user_id: string; device_id?: string; is_guest?: boolean }> {
    return this.doRequest("GET", "/_matrix/client/v3/account/whoami");
  }
  async getJoinedRooms(): Promise<string[]> {
    return (await this.doRequest("GET", "/_matrix/client/v3/joined_rooms")).joined_rooms;
  }
  async joinRoom(roomIdOrAlias: string): Promise<string> {
    return (await this.doRequest("POST", `/_matrix/client/v3/join/${enc(roomIdOrAlias)}`, null, {})).room_id;
  }
  async leaveRoom(roomId: string, reason?: string): Promise<void> {
    await this.doRequest("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/leave`, null, { reason });
  }
  async createRoom(properties: Record<string, unknown> = {}): Promise<string> {
    return (await this.doRequest("POST", "/_matrix/client/v3/createRoom", null, properties)).room_id;
  }
  async inviteUser(userId: string, roomId: string): Promise<void> {
    await this.doRequest("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, null, { user_id: userId });
  }
  async kickUser(userId: string, roomId: string, reason?: string): Promise<void> {
    await this.doRequest("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/kick`, null, { user_id: userId, reason: reason ?? null });
  }
  async banUser(userId: string, roomId: string, reason?: string): Promise<void> {
    await this.doRequest("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/ban`, null, { user_id: userId, reason: reason ?? null });
  }
  async unbanUser(userId: string, roomId: string): Promise<void> {
    await this.doRequest("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/unban`, null, { user_id: userId });
  }
  async getJoinedRoomMembersWithProfiles(roomId: string): Promise<Record<string, { display_name?: string; avatar_url?: string }>> {
    return (await this.doRequest("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/joined_members`)).joined;
  }
  async getJoinedRoomMembers(roomId: string): Promise<string[]> {
    return Object.keys(await this.getJoinedRoomMembersWithProfiles(roomId));
  }
  getUserProfile(userId: string): Promise<any> {
    return this.doRequest("GET", `/_matrix/client/v3/profile/${enc(userId)}`);
  }
  async sendEvent(roomId: string, eventType: string, content: unknown): Promise<string> {
    const txnId = `${Date.now()}__inc${++this.txnCounter}`;
    return (await this.doRequest("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/send/${enc(eventType)}/${enc(txnId)}`, null, content)).event_id;
  }
  async sendStateEvent(roomId: string, type: string, stateKey: string, content: unknown): Promise<string> {
    return (await this.doRequest("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`, null, content)).event_id;
  }
  getRoomState(roomId: string): Promise<any[]> {
    return this.doRequest("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state`);
  }
  getRoomStateEvent(roomId: string, type: string, stateKey: string): Promise<any> {
    return this.doRequest("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey ?? "")}`);
  }
  async lookupRoomAlias(alias: string): Promise<string> {
    return (await this.doRequest("GET", `/_matrix/client/v3/directory/room/${enc(alias)}`)).room_id;
  }
}
