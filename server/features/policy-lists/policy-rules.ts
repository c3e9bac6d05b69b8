import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { PolicyRule } from "../../../shared/policy-lists.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { rulesFromState } from "./rules.ts";
import { RuleIndex } from "./rule-index.ts";
import { listRooms, readListSettings } from "./list-settings.ts";

type ListState = { rules: PolicyRule[]; problem?: string };

/**
 * The rules of every configured list, read from the policy rooms' state and kept per room; the
 * watcher re-reads a room when its state changes, and actions re-read before they plan.
 */
export class PolicyRules {
  private readonly lists = new Map<string, ListState>();
  private index: RuleIndex | undefined;
  private readonly app: AppContext;
  constructor(app: AppContext) {
    this.app = app;
  }

  async reload(roomId: string): Promise<void> {
    try {
      this.lists.set(roomId, { rules: rulesFromState(roomId, await this.app.bot.getRoomState(roomId)) });
    } catch (err) {
      this.lists.set(roomId, { rules: [], problem: describeMatrixFailure(err, `reading the policy room ${roomId}`).message });
    }
    this.index = undefined;
  }

  /** Re-reads every configured list and forgets lists no longer configured. */
  async reloadAll(): Promise<void> {
    const rooms = listRooms(readListSettings(this.app.store.db));
    for (const roomId of [...this.lists.keys()]) if (!rooms.includes(roomId)) this.lists.delete(roomId);
    await Promise.all(rooms.map((r) => this.reload(r)));
    this.index = undefined;
  }

  /** Reads only the configured lists not read yet (the watcher keeps the others current). */
  async ensureLoaded(): Promise<void> {
    const rooms = listRooms(readListSettings(this.app.store.db));
    await Promise.all(rooms.filter((r) => !this.lists.has(r)).map((r) => this.reload(r)));
  }

  forget(roomId: string): void {
    this.lists.delete(roomId);
    this.index = undefined;
  }

  list(roomId: string): ListState | undefined {
    return this.lists.get(roomId);
  }

  all(): PolicyRule[] {
    return [...this.lists.values()].flatMap((l) => l.rules);
  }

  ruleIndex(): RuleIndex {
    this.index ??= new RuleIndex(this.all());
    return this.index;
  }

  /** A fingerprint of the rule set, to tell whether a re-read brought anything new. */
  fingerprint(): string {
    return this.all()
      .map((r) => `${r.source}|${r.type}|${r.stateKey}|${r.entity}`)
      .sort()
      .join("\n");
  }
}

const perApp = new WeakMap<AppContext, PolicyRules>();

/** The one rule cache of the running app (created on first use, so a community without lists pays nothing). */
export function policyRules(app: AppContext): PolicyRules {
  let rules = perApp.get(app);
  if (!rules) perApp.set(app, (rules = new PolicyRules(app)));
  return rules;
}
