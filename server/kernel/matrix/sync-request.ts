import { MatrixError } from "./matrix-http.ts";
import type { Bot } from "./bot.ts";
import { withRateLimitRetry } from "./retry.ts";
import { httpRequest } from "./http-request.ts";

export type TimelineEvent = {
  event_id: string;
  type: string;
  sender: string;
  state_key?: string;
  origin_server_ts: number;
  content: Record<string, any>;
  unsigned?: Record<string, unknown>;
};

export const SLIDING_SYNC_PATH = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";

/** What an encryption device needs besides the room events (MSC4186's `to_device` and `e2ee` extensions). */
export type EncryptionExtensions = {
  to_device?: { next_batch?: string; events?: unknown[] };
  e2ee?: {
    device_lists?: { changed?: string[]; left?: string[] };
    device_one_time_keys_count?: Record<string, number>;
    device_unused_fallback_key_types?: string[];
  };
};

export type RoomTimelineResponse = {
  pos: string;
  rooms?: Record<string, { timeline?: TimelineEvent[]; limited?: boolean; initial?: boolean }>;
  extensions?: EncryptionExtensions;
};

/** Headroom over the long-poll time before the request counts as hung. */
const GRACE_MS = 30_000;

/**
 * One sliding-sync long-poll (MSC4186) subscribed to a single room's timeline, as the bot.
 *
 * Why sliding sync and not a filtered `/sync`: Synapse wakes a `/sync` long-poll for every event
 * in every room the user is in and recomputes the whole incremental sync before applying the
 * filter. For a bot in 500 rooms that cost the homeserver about 27 ms of CPU per message anywhere
 * (measured); a one-room subscription costs next to nothing.
 *
 * A long-poll must end at once when the server stops, so this one has a signal of its own; rate
 * limits still go through the one retry layer, and errors are the same MatrixError as everywhere else.
 */
export async function roomTimelineRequest(
  bot: Bot,
  query: { connection: string; roomId: string; timelineLimit: number; pos?: string; timeoutMs: number; toDeviceSince?: string | null },
  signal: AbortSignal,
): Promise<RoomTimelineResponse> {
  // `toDeviceSince` (null for "from the start") asks for what the bot's encryption device needs; it is acknowledged by the next request.
  const extensions =
    query.toDeviceSince === undefined
      ? {}
      : { extensions: { to_device: { enabled: true, ...(query.toDeviceSince ? { since: query.toDeviceSince } : {}) }, e2ee: { enabled: true } } };
  const body = { conn_id: query.connection, room_subscriptions: { [query.roomId]: { required_state: [], timeline_limit: query.timelineLimit } }, ...extensions };
  return slidingSyncRequest(bot, body, query, signal);
}

/**
 * One sliding-sync long-poll with any body (room subscriptions, lists), as the bot, abortable; the
 * policy-room watcher subscribes to several rooms' timelines this way.
 */
export async function slidingSyncRequest<T = RoomTimelineResponse>(
  bot: Bot,
  body: Record<string, unknown>,
  query: { pos?: string; timeoutMs: number },
  signal: AbortSignal,
): Promise<T> {
  const params = new URLSearchParams({ timeout: String(query.timeoutMs), set_presence: "offline" });
  if (query.pos) params.set("pos", query.pos);
  return withRateLimitRetry(async () => {
    const res = await httpRequest(`${bot.homeserverUrl}${SLIDING_SYNC_PATH}?${params}`, {
      method: "POST",
      headers: { authorization: `Bearer ${bot.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      timeoutMs: query.timeoutMs + GRACE_MS,
      signal,
    });
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(res.text);
    } catch {
      // not JSON: the status says what went wrong
    }
    if (res.status < 200 || res.status >= 300) throw new MatrixError({ errcode: "M_UNKNOWN", error: `HTTP ${res.status}`, ...json }, res.status);
    return json as T;
  });
}
