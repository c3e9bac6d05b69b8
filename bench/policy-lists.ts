import { planEnforcement, type RoomFacts } from "../server/features/policy-lists/enforcement-plan.ts";
import { RuleIndex } from "../server/features/policy-lists/rule-index.ts";
import { compileGlob } from "../server/features/policy-lists/glob.ts";
import type { PolicyRule } from "../shared/policy-lists.ts";
import type { BenchResult } from "./result.ts";

const RULES = 20_000;
const MEMBERS = 5_000;
const ROOMS = 25;
/** The naive way takes minutes on all members; it is timed on this many and scaled up. */
const NAIVE_SAMPLE = 500;

function rules(): PolicyRule[] {
  const out: PolicyRule[] = [];
  const add = (kind: PolicyRule["kind"], entity: string) => out.push({ kind, entity, reason: "bench", source: `!list${out.length % 3}:bench`, type: `m.policy.rule.${kind}`, stateKey: `rule:${entity}` });
  for (let i = 0; out.length < RULES * 0.8; i++) add("user", `@spammer${i}:spam${i % 400}.example`);
  for (let i = 0; out.length < RULES * 0.95; i++) add("user", `@bot${i}_*:farm${i % 300}.example`);
  for (let i = 0; out.length < RULES * 0.99; i++) add("user", `@*${i}zz?:*`);
  for (let i = 0; out.length < RULES; i++) add("server", `*.farm${i}.example`);
  return out;
}

function rooms(): RoomFacts[] {
  const per = MEMBERS / ROOMS;
  return Array.from({ length: ROOMS }, (_, r) => ({
    roomId: `!room${r}:home.example`,
    members: Array.from({ length: per }, (_, i) => {
      const n = r * per + i;
      // About one member in fifty is on a list: exact, per-server glob or any-server glob.
      const userId = n % 150 === 0 ? `@spammer${n}:spam${n % 400}.example` : n % 150 === 50 ? `@bot${n % 3000}_x:farm${n % 3000 % 300}.example` : n % 150 === 100 ? `@a${n % 200}zz1:any.example` : `@member${n}:home${n % 40}.example`;
      return { userId, membership: "join" };
    }),
    acl: null,
    cannotBan: null,
    cannotAcl: null,
  }));
}

/** What a first version does: every rule's glob tested against every member (the regexes compiled once). */
function naiveMatches(all: PolicyRule[], members: string[]): number {
  const compiled = all.filter((r) => r.kind === "user").map((r) => compileGlob(r.entity));
  let found = 0;
  for (const m of members) for (const re of compiled) if (re.test(m)) found++;
  return found;
}

export async function benchPolicyLists(log: (line: string) => void): Promise<BenchResult[]> {
  const ruleSet = rules();
  const roomSet = rooms();
  const ctx = { ownServer: "home.example", protectedUser: () => null };
  log(`${ruleSet.length} rules, ${MEMBERS} members in ${ROOMS} rooms`);
  planEnforcement(roomSet, new RuleIndex(ruleSet.slice(0, 100)), ctx);
  const start = performance.now();
  const plan = planEnforcement(roomSet, new RuleIndex(ruleSet), ctx);
  const ms = performance.now() - start;
  const sample = roomSet.flatMap((r) => r.members.map((m) => m.userId)).filter((_, i) => i % (MEMBERS / NAIVE_SAMPLE) === 0);
  const naiveStart = performance.now();
  const naiveFound = naiveMatches(ruleSet, sample);
  const naiveMs = ((performance.now() - naiveStart) * MEMBERS) / sample.length;
  log(`plan: ${plan.bans.length} bans, ${plan.acls.length} ACL changes; naive on ${sample.length} members found ${naiveFound} matches`);
  return [
    {
      name: "ban-list enforcement plan (20,000 rules with globs × 5,000 members)",
      value: ms / 1000,
      unit: "s",
      goal: "< 1 s",
      met: ms < 1000,
      baseline: { name: `naive per-rule matching (timed on ${sample.length} members, scaled)`, value: naiveMs / 1000 },
      ratio: naiveMs / ms,
      extra: `${plan.bans.length} bans planned, index built and matched in the measured time`,
    },
  ];
}
