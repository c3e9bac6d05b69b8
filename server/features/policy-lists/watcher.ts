import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { slidingSyncRequest, type RoomTimelineResponse } from "../../kernel/matrix/sync-request.ts";
import { sleepFor } from "../../kernel/matrix/retry.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { runAction } from "../../kernel/runtime/run-action.ts";
import { isPolicyRuleType } from "./rules.ts";
import { autoEnforceOn, listRooms, readListSettings } from "./list-settings.ts";
import { policyRules } from "./policy-rules.ts";
import { enforceLists } from "./enforce.ts";
import { changeCount } from "./enforcement-plan.ts";

const LONG_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;
/** New joins are not heard one by one (that would mean following every managed room); they are swept this often while automatic enforcement is on. */
const SWEEP_MS = 10 * 60_000;
export const AUTO_ACTOR = "policy-lists:auto-enforce";

/**
 * Keeps the rules current and, when an admin turned it on, enforces them by itself.
 *
 * How it hears a list change: its own sliding-sync connection subscribed to the policy rooms'
 * timelines only (a rule is a state event, so it arrives in the timeline). Synapse wakes this
 * long-poll only for events in those few rooms, so it costs next to nothing while the lists are
 * quiet, and nothing at all while no list is configured (the loop is not running). It is kept apart
 * from the moderator room's command connection so that a policy room going away (which can break a
 * sliding-sync connection) never interrupts chat commands.
 */
export class PolicyWatcher {
  private aborter = new AbortController();
  private pollAborter: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private pos: string | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private enforcing: Promise<void> = Promise.resolve();
  private pending = false;
  private stopped = false;
  /** Resolves with each automatic run (tests wait on it). */
  lastRun: Promise<void> = Promise.resolve();

  private readonly app: AppContext;
  private readonly logger: Logger;
  constructor(app: AppContext, logger: Logger) {
    this.app = app;
    this.logger = logger;
  }

  start(): void {
    this.stopped = false;
    this.sweep ??= setInterval(() => this.enforceSoon("the periodic sweep for new members"), SWEEP_MS);
    this.sweep.unref();
    this.roomsChanged();
  }

  /** The configured lists changed: (re)subscribe at once. */
  roomsChanged(): void {
    if (this.stopped) return;
    if (this.loop) {
      this.pollAborter?.abort();
      return;
    }
    if (!listRooms(readListSettings(this.app.store.db)).length) return;
    this.loop = this.run().finally(() => (this.loop = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.aborter.abort();
    await this.loop;
    await this.enforcing;
    this.aborter = new AbortController();
  }

  /** Runs enforcement as the system when automatic enforcement is on; runs coalesce, one at a time. */
  enforceSoon(why: string): void {
    if (this.stopped || !autoEnforceOn(this.app.store.db) || this.pending) return;
    this.pending = true;
    this.lastRun = this.enforcing = this.enforcing.then(async () => {
      this.pending = false;
      const ctx = { app: this.app, logger: this.logger, actor: { kind: "system" as const, id: AUTO_ACTOR, powerLevel: Number.POSITIVE_INFINITY } };
      try {
        // The system only adds bans and ACL entries; lifting bans after a rule is removed stays a moderator's call.
        const planned = await runAction(enforceLists, ctx, { unban: false }, "plan");
        if (changeCount(planned.plan) === 0) return;
        await runAction(enforceLists, ctx, { unban: false }, "apply");
        this.logger.info({ why, bans: planned.plan.bans.length, acls: planned.plan.acls.length }, "ban lists enforced automatically");
      } catch (err) {
        this.logger.warn({ why, cause: describeMatrixFailure(err).message }, "automatic ban-list enforcement failed");
      }
    });
  }

  private async run(): Promise<void> {
    const { signal } = this.aborter;
    let failures = 0;
    while (!signal.aborted) {
      const rooms = listRooms(readListSettings(this.app.store.db));
      if (!rooms.length) return;
      this.pollAborter = new AbortController();
      try {
        await this.poll(rooms, AbortSignal.any([signal, this.pollAborter.signal]));
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        if (this.pollAborter.signal.aborted) continue;
        failures++;
        // A connection the homeserver cannot continue starts over; the re-read below catches up.
        this.pos = undefined;
        if (failures === 1 || failures % 10 === 0) this.logger.warn({ cause: describeMatrixFailure(err).message, failures }, "policy lists: sync failed; retrying");
        await sleepFor(Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS), signal);
      }
    }
  }

  private async poll(rooms: string[], signal: AbortSignal): Promise<void> {
    const first = !this.pos;
    const body = { conn_id: "policy-lists", room_subscriptions: Object.fromEntries(rooms.map((r) => [r, { required_state: [], timeline_limit: 20 }])) };
    const res = await slidingSyncRequest<RoomTimelineResponse>(this.app.bot, body, { pos: this.pos, timeoutMs: first ? 0 : LONG_POLL_MS }, signal);
    this.pos = res.pos;
    const rules = policyRules(this.app);
    const before = rules.fingerprint();
    if (first) await rules.reloadAll();
    else {
      const changed = Object.entries(res.rooms ?? {})
        .filter(([roomId, room]) => rooms.includes(roomId) && (room.limited || room.initial || (room.timeline ?? []).some((e) => e.state_key !== undefined && isPolicyRuleType(e.type))))
        .map(([roomId]) => roomId);
      await Promise.all(changed.map((r) => rules.reload(r)));
    }
    if (rules.fingerprint() !== before) this.enforceSoon("a ban list changed");
  }
}

const perApp = new WeakMap<AppContext, PolicyWatcher>();

/** Started with the server (feature.ts); command-line tools have none, so their actions start no loop. */
export function startWatcher(app: AppContext, logger: Logger): PolicyWatcher {
  const watcher = new PolicyWatcher(app, logger.child({ module: "policy-lists" }));
  perApp.set(app, watcher);
  watcher.start();
  return watcher;
}

export function runningWatcher(app: AppContext): PolicyWatcher | undefined {
  return perApp.get(app);
}
