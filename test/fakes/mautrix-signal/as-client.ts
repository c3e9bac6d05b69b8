/** The fake bridge's side of the client-server API: the appservice token, acting as the bot or a puppet. */
export class AppserviceClient {
  homeserverUrl = "";
  private readonly asToken: string;
  readonly botUserId: string;

  constructor(asToken: string, botUserId: string) {
    this.asToken = asToken;
    this.botUserId = botUserId;
  }

  async request<T = any>(method: string, path: string, body?: unknown, asUser = this.botUserId): Promise<T> {
    const url = new URL(this.homeserverUrl + path);
    url.searchParams.set("user_id", asUser);
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.asToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as any;
    if (!res.ok) throw Object.assign(new Error(`${method} ${path} as ${asUser}: ${res.status} ${json.errcode} ${json.error}`), { errcode: json.errcode });
    return json as T;
  }

  /** Registers an appservice user once; "already registered" is fine. */
  async ensureUser(localpart: string, displayName: string): Promise<void> {
    try {
      await this.request("POST", "/_matrix/client/v3/register", { type: "m.login.application_service", username: localpart, inhibit_login: true });
    } catch (err) {
      if ((err as { errcode?: string }).errcode !== "M_USER_IN_USE") throw err;
    }
    const userId = `@${localpart}:${this.botUserId.split(":").slice(1).join(":")}`;
    await this.request("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(userId)}/displayname`, { displayname: displayName }, userId);
  }

  roomState(roomId: string): Promise<Array<{ type: string; state_key: string; content: any; sender: string }>> {
    return this.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`);
  }

  sendState(roomId: string, type: string, stateKey: string, content: unknown): Promise<unknown> {
    return this.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`, content);
  }

  private txn = 0;
  send(roomId: string, type: string, content: unknown): Promise<unknown> {
    return this.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/fake${Date.now()}-${this.txn++}`, content);
  }

  notice(roomId: string, body: string): Promise<unknown> {
    return this.send(roomId, "m.room.message", { msgtype: "m.notice", body });
  }

  join(roomId: string, asUser = this.botUserId): Promise<unknown> {
    return this.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {}, asUser);
  }

  invite(roomId: string, userId: string): Promise<unknown> {
    return this.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId });
  }

  leave(roomId: string, asUser = this.botUserId): Promise<unknown> {
    return this.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/leave`, {}, asUser);
  }
}

type State = Array<{ type: string; state_key: string; content: any; sender: string }>;

/** Power levels as bridgev2 reads them (creators of v12 rooms above everyone). */
export function roomPower(state: State) {
  const create = state.find((e) => e.type === "m.room.create");
  const pl = state.find((e) => e.type === "m.room.power_levels")?.content ?? {};
  const creators = [create?.sender, ...(create?.content?.additional_creators ?? [])];
  const v12 = Number(create?.content?.room_version ?? "1") >= 12;
  return {
    userLevel: (u: string) => (v12 && creators.includes(u) ? Infinity : (pl.users?.[u] ?? pl.users_default ?? 0)),
    stateLevel: (type: string) => pl.events?.[type] ?? pl.state_default ?? 50,
  };
}
