import type { Logger } from "pino";
import type { Bot } from "../matrix/bot.ts";
import { describeMatrixFailure } from "../matrix/failure.ts";
import { syncRequest, type SyncResponse, type TimelineEvent } from "../matrix/sync-request.ts";

const LONG_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;

/** Only this room's messages, none of the bot's own, and nothing else sync would carry. */
function filterFor(roomId: string, botUserId: string): string {
  return JSON.stringify({
    presence: { types: [] },
    account_data: { types: [] },
    room: {
      rooms: [roomId],
      timeline: { types: ["m.room.message", "m.room.encrypted"], not_senders: [botUserId], limit: 50 },
      state: { types: [] },
      ephemeral: { types: [] },
      account_data: { types: [] },
    },
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * The bot's own /sync long-poll on the moderator room's timeline. The first sync only takes the
 * position, so messages written before the server started (old commands) are never run.
 */
export class ModeratorRoomListener {
  private readonly bot: Bot;
  private readonly roomId: string;
  private readonly logger: Logger;
  private readonly onEvent: (event: TimelineEvent) => Promise<void>;
  private readonly aborter = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  private since: string | undefined;
  private loop: Promise<void> | undefined;
  private warnedEncrypted = false;

  constructor(options: { bot: Bot; roomId: string; logger: Logger; onEvent: (event: TimelineEvent) => Promise<void> }) {
    this.bot = options.bot;
    this.roomId = options.roomId;
    this.logger = options.logger;
    this.onEvent = options.onEvent;
  }

  /** Resolves once the backlog is skipped (or that failed and the loop will retry it): later messages are heard. */
  async start(): Promise<void> {
    await this.poll().catch((err) => this.logger.warn({ cause: describeMatrixFailure(err).message }, "moderator room: first sync failed; retrying"));
    this.loop = this.run();
  }

  /** Ends the long-poll at once and waits for commands already being handled. */
  async stop(): Promise<void> {
    this.aborter.abort();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  private async run(): Promise<void> {
    const { signal } = this.aborter;
    for (let failures = 0; !signal.aborted; ) {
      try {
        await this.poll();
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        const failure = describeMatrixFailure(err);
        if (failures === 1 || failures % 10 === 0) this.logger.warn({ cause: failure.message, fix: failure.hint, failures }, "moderator room: sync failed; retrying");
        await sleep(Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS), signal);
      }
    }
  }

  private async poll(): Promise<void> {
    const catchingUp = this.since === undefined;
    const res: SyncResponse = await syncRequest(
      this.bot,
      { filter: filterFor(this.roomId, this.bot.userId), since: this.since, timeoutMs: catchingUp ? 0 : LONG_POLL_MS },
      this.aborter.signal,
    );
    this.since = res.next_batch;
    if (catchingUp) return;
    const timeline = res.rooms?.join?.[this.roomId]?.timeline;
    if (timeline?.limited) this.logger.warn("moderator room: more messages arrived than one sync carries; some commands may have been missed");
    for (const event of timeline?.events ?? []) this.dispatch(event);
  }

  private dispatch(event: TimelineEvent): void {
    if (event.type === "m.room.encrypted") return this.warnEncrypted();
    const handled = this.onEvent(event)
      .catch((err) => this.logger.error({ err, eventId: event.event_id }, "moderator room: handling a message failed"))
      .finally(() => this.inflight.delete(handled));
    this.inflight.add(handled);
  }

  private warnEncrypted(): void {
    if (this.warnedEncrypted) return;
    this.warnedEncrypted = true;
    this.logger.warn(
      { fix: "Use the widget, or a moderator room without encryption; `npm run doctor` checks this." },
      "moderator room: an encrypted message arrived and the bot cannot decrypt it, so chat commands in this room are not read",
    );
  }
}
