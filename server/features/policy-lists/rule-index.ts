import type { PolicyRule } from "../../../shared/policy-lists.ts";
import { globSource, hasWildcard } from "./glob.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";

type Compiled = { pattern: RegExp; rule: PolicyRule };

/** Many globs tested as one alternation first, so a member no glob matches costs one regex test. */
class GlobGroup {
  private readonly items: Compiled[] = [];
  private combined: RegExp | undefined;

  add(rule: PolicyRule): void {
    this.items.push({ pattern: new RegExp(`^${globSource(rule.entity)}$`), rule });
    this.combined = undefined;
  }

  match(value: string, into: PolicyRule[]): void {
    if (!this.items.length) return;
    this.combined ??= new RegExp(this.items.map((i) => `(?:${i.pattern.source})`).join("|"));
    if (!this.combined.test(value)) return;
    for (const item of this.items) if (item.pattern.test(value)) into.push(item.rule);
  }
}

/**
 * User rules indexed for matching thousands of members: exact entities in a Map, globs whose server
 * part is literal grouped by that server, and only the rest (a wildcard in the server part) tested
 * against every member.
 */
export class RuleIndex {
  private readonly exact = new Map<string, PolicyRule[]>();
  private readonly byServer = new Map<string, GlobGroup>();
  private readonly anyServer = new GlobGroup();
  readonly serverRules: PolicyRule[];
  readonly size: number;

  constructor(rules: PolicyRule[]) {
    const userRules = rules.filter((r) => r.kind === "user");
    this.serverRules = rules.filter((r) => r.kind === "server");
    this.size = rules.length;
    for (const rule of userRules) {
      if (!hasWildcard(rule.entity)) {
        const list = this.exact.get(rule.entity) ?? [];
        list.push(rule);
        this.exact.set(rule.entity, list);
        continue;
      }
      const server = serverNameOf(rule.entity);
      if (server && !hasWildcard(server)) {
        let group = this.byServer.get(server);
        if (!group) this.byServer.set(server, (group = new GlobGroup()));
        group.add(rule);
      } else {
        this.anyServer.add(rule);
      }
    }
  }

  /** Every user rule that matches the user ID (the same rule from two lists counts twice: each is a source). */
  matchUser(userId: string): PolicyRule[] {
    const found = [...(this.exact.get(userId) ?? [])];
    this.byServer.get(serverNameOf(userId))?.match(userId, found);
    this.anyServer.match(userId, found);
    return found;
  }
}
