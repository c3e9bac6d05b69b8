/**
 * A small Matrix client for the test side: it plays the people around the dashboard (moderators,
 * members) and reads back what the dashboard did, always against the real homeserver.
 */
export class MatrixRequestError extends Error {
  readonly status: number;
  readonly errcode: string | undefined;
  constructor(status: number, errcode: string | undefined, message: string) {
    super(`${status} ${errcode ?? ""} ${message}`);
    this.status = status;
    this.errcode = errcode;
  }
}

export class TestClient {
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly userId: string;

  constructor(baseUrl: string, accessToken: string, userId: string) {
    this.baseUrl = baseUrl;
    this.accessToken = accessToken;
    this.userId = userId;
  }

  /** One request; a 429 is waited out as Synapse asks (as real clients do), a few times at most. */
  async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(this.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${this.accessToken}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = text ? JSON.parse(text) : {};
      if (res.status === 429 && attempt < 6 && (json.retry_after_ms ?? 0) <= 10_000) {
        await new Promise((r) => setTimeout(r, json.retry_after_ms ?? 500));
        continue;
      }
      if (!res.ok) throw new MatrixRequestError(res.status, json.errcode, json.error ?? text);
      return json as T;
    }
  }

  async createRoom(body: Record<string, unknown>): Promise<string> {
    const { room_id } = await this.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", body);
    return room_id;
  }

  async join(roomIdOrAlias: string): Promise<string> {
    const { room_id } = await this.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomIdOrAlias)}`, {});
    return room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId });
  }

  async leave(roomId: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/leave`, {});
  }

  async state<T = any>(roomId: string, type: string, stateKey = ""): Promise<T> {
    return this.request<T>(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
    );
  }

  async allState(roomId: string): Promise<Array<{ type: string; state_key: string; content: any; sender: string; event_id: string }>> {
    return this.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`);
  }

  async sendState(roomId: string, type: string, stateKey: string, content: unknown): Promise<string> {
    const { event_id } = await this.request(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
      content,
    );
    return event_id;
  }

  async setPowerLevel(roomId: string, userId: string, level: number): Promise<void> {
    const pl = await this.state(roomId, "m.room.power_levels");
    pl.users = { ...(pl.users ?? {}), [userId]: level };
    await this.sendState(roomId, "m.room.power_levels", "", pl);
  }

  async resolveAlias(alias: string): Promise<string> {
    const { room_id } = await this.request("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    return room_id;
  }

  async joinedRooms(): Promise<string[]> {
    const { joined_rooms } = await this.request("GET", "/_matrix/client/v3/joined_rooms");
    return joined_rooms;
  }

  async messages(roomId: string, limit = 100): Promise<Array<{ type: string; content: any; sender: string; event_id: string }>> {
    const { chunk } = await this.request(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`,
    );
    return chunk;
  }

  /** Sends a message event (a plain text message unless `content` says otherwise); returns its event ID. */
  async send(roomId: string, content: string | Record<string, unknown>): Promise<string> {
    const body = typeof content === "string" ? { msgtype: "m.text", body: content } : content;
    const txn = `t${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const { event_id } = await this.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`, body);
    return event_id;
  }

  /** Events relating to `eventId` (threads, edits, …), oldest first. */
  async relations(roomId: string, eventId: string, relType?: string): Promise<Array<{ type: string; content: any; sender: string; event_id: string }>> {
    const path = `/_matrix/client/v1/rooms/${encodeURIComponent(roomId)}/relations/${encodeURIComponent(eventId)}${relType ? `/${encodeURIComponent(relType)}` : ""}`;
    const { chunk } = await this.request("GET", `${path}?dir=f&limit=100`);
    return chunk;
  }

  async openIdToken(): Promise<{ access_token: string; expires_in: number; matrix_server_name: string; token_type: string }> {
    return this.request("POST", `/_matrix/client/v3/user/${encodeURIComponent(this.userId)}/openid/request_token`, {});
  }

  async logout(): Promise<void> {
    await this.request("POST", "/_matrix/client/v3/logout", {});
  }
}
