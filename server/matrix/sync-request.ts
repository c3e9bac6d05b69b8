import { MatrixError } from "matrix-bot-sdk";
import type { Bot } from "./bot.ts";
import { withRateLimitRetry } from "./retry.ts";

export type TimelineEvent = {
  event_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, any>;
  unsigned?: Record<string, unknown>;
};

export type SyncResponse = {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: TimelineEvent[]; limited?: boolean } }> };
};

/** Headroom over the long-poll time before the request counts as hung. */
const GRACE_MS = 30_000;

/**
 * One `/sync` long-poll as the bot. matrix-bot-sdk's requests cannot be aborted, and a long-poll
 * must end at once when the server stops, so this one uses fetch with a signal; rate limits still
 * go through the one retry layer, and errors are matrix-bot-sdk's MatrixError like everywhere else.
 */
export async function syncRequest(
  bot: Bot,
  query: { filter: string; since?: string; timeoutMs: number },
  signal: AbortSignal,
): Promise<SyncResponse> {
  const params = new URLSearchParams({ filter: query.filter, timeout: String(query.timeoutMs), set_presence: "offline" });
  if (query.since) params.set("since", query.since);
  const url = `${bot.homeserverUrl}/_matrix/client/v3/sync?${params}`;
  return withRateLimitRetry(async () => {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${bot.client.accessToken}` },
      signal: AbortSignal.any([signal, AbortSignal.timeout(query.timeoutMs + GRACE_MS)]),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new MatrixError({ errcode: "M_UNKNOWN", error: `HTTP ${res.status}`, ...body }, res.status);
    return body as SyncResponse;
  });
}
