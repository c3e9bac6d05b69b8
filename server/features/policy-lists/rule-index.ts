import type { PolicyRule } from "../../../shared/policy-lists.ts";
import { globSource, hasWildcard } from "./glob.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";

type Glob = { literal: string; pattern: RegExp | undefined; rule: PolicyRule; checked: number };

/** The longest run of literal characters in a glob: a value without it cannot match. */
function longestLiteral(glob: string): string {
  return glob.split(/[*?]/).reduce((a, b) => (b.length > a.length ? b : a), "");
}

/** Three UTF-16 units as one number (exact below 2^53), so looking up a piece allocates nothing. */
const gramAt = (s: string, i: number): number => s.charCodeAt(i) * 4294967296 + s.charCodeAt(i + 1) * 65536 + s.charCodeAt(i + 2);

/**
 * Globs found by the first three characters of their literal part: a value is checked only against
 * the globs whose piece it contains (about as many lookups as it has characters), then by
 * substring, and the regex (compiled on first need) runs only on those left.
 */
class GlobGroup {
  private readonly byGram = new Map<number, Glob[]>();
  private readonly short: Glob[] = [];
  /** Marks a glob as tried for the current value (a piece can occur twice in it). */
  private round = 0;

  add(rule: PolicyRule): void {
    const literal = longestLiteral(rule.entity);
    const glob: Glob = { literal, pattern: undefined, rule, checked: 0 };
    if (literal.length < 3) return void this.short.push(glob);
    const gram = gramAt(literal, 0);
    const list = this.byGram.get(gram);
    if (list) list.push(glob);
    else this.byGram.set(gram, [glob]);
  }

  match(value: string, into: PolicyRule[]): void {
    const round = ++this.round;
    for (const glob of this.short) this.test(glob, value, into);
    if (!this.byGram.size) return;
    for (let i = 0; i + 3 <= value.length; i++) {
      const list = this.byGram.get(gramAt(value, i));
      if (!list) continue;
      for (const glob of list) {
        if (glob.checked === round) continue;
        glob.checked = round;
        this.test(glob, value, into);
      }
    }
  }

  private test(glob: Glob, value: string, into: PolicyRule[]): void {
    if (!value.includes(glob.literal)) return;
    glob.pattern ??= new RegExp(`^${globSource(glob.rule.entity)}$`);
    if (glob.pattern.test(value)) into.push(glob.rule);
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
