import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue, inBothEnglish } from "../../widget/said-catalogue.ts";

/**
 * The server sends sentences as codes with parameters (shared/said.ts) and the widget words them
 * (widget/ui/said-words.ts, from said-en.ts, said-en-server.ts and said-de.ts). This reads the server's
 * sources: every code it can send (errors, job messages, item outcomes, plan sentences, guardrail
 * refusals) must have English and German words, and every error a moderator can meet must carry a code.
 * The parameters of plan sentences are checked against each `said(…)` call by test/widget/plan-messages.test.ts.
 */
const root = path.join(import.meta.dirname, "../../..");
const sources = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
const files = [...sources("server"), ...sources("shared"), "widget/client/api.ts"].map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));

/** The text from an opening bracket's position up to its matching close (strings and templates skipped roughly, enough for our sources). */
function until(text: string, open: number, stopAtComma: boolean): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      depth--;
      if (depth < 0) return text.slice(open, i);
    } else if (c === "," && depth === 0 && stopAtComma) return text.slice(open, i);
  }
  return text.slice(open);
}

/**
 * Where a code is chosen elsewhere and passed on, and where that elsewhere is checked:
 * verdict codes are the guardrails' refusals (their codes are read from guardrails.ts below),
 * the rest forward a code one of the scanned sites chose.
 */
const FORWARDED = new Set([
  "shared/said.ts: code", // said() and saidBecause() themselves
  "server/kernel/errors/api-error.ts: code", // ApiError.saying itself
  "server/kernel/errors/homeserver-failure.ts: o.saying[0]", // the constructor; its callers' `saying:` are scanned
  "server/kernel/errors/known-error.ts: ...inputSaid(issue)", // input-words.ts, scanned below
  "server/features/bridges/bridge-error.ts: saying?.[0]", // bridgeErrors.powerLevel: its callers pass literal codes, scanned
  "server/kernel/authentik/errors.ts: o.code.replace(/_(\\w)/g, (_, c: string) => c.toUpperCase())", // AuthentikError codes, scanned below
  "server/features/rooms/kick.ts: verdict.code",
  "server/features/rooms/invite.ts: allowed.code",
  "server/features/rooms/set-power-level.ts: verdict.code",
  "server/features/moderation/cross-room.ts: verdict.code",
  "server/features/moderation/cross-room.ts: item.data.skipCode", // the plan's verdict.code
  "server/features/reports/report-actions.ts: verdict.code",
]);

/** The code-shaped string literals of an expression, leaving out what a ternary compares with (`m === "join" ? …`). */
const codesIn = (expression: string) => [...expression.matchAll(/(?<![=!]== )"([a-z][A-Za-z]+)"/g)].map((l) => l[1]!);

function sentCodes(): { codes: Map<string, string>; unexplained: string[] } {
  const codes = new Map<string, string>();
  const unexplained: string[] = [];
  const add = (code: string, where: string) => codes.set(code, where);
  for (const { file, text } of files) {
    for (const m of text.matchAll(/(?<!function )(?:\.saying|\bsaying|\bsaid|\bsaidBecause)\(/g)) {
      const arg = until(text, m.index + m[0].length, true).trim();
      if (/^\w+\??: /.test(arg)) continue; // the definition itself (`saying(code: string…`)
      const planCode = /^"([a-z]+\.[a-z0-9.-]+)"/.exec(arg); // plan sentences (feature.what)
      if (planCode) {
        add(planCode[1]!, file);
        continue;
      }
      const literals = codesIn(arg);
      if (literals.length) literals.forEach((code) => add(code, file));
      else if (!FORWARDED.has(`${file}: ${arg}`) && !/^(code|key)$/.test(arg) && !file.startsWith("widget/")) unexplained.push(`${file}: ${arg}`);
    }
    // HomeserverFailure({ saying: ["code", …] }) and the network causes' `said: "code"`; refinements' params: { said: "code" }.
    for (const m of text.matchAll(/saying: [^\n]*/g)) codesIn(m[0]).forEach((code) => add(code, file));
    // bridgeErrors.powerLevel(message, fix, ["code", { params }]): its callers build the English.
    if (text.includes("bridgeErrors.powerLevel(")) for (const m of text.matchAll(/\[\s*"([a-z][A-Za-z]+)",\s*\{/g)) add(m[1]!, file);
    for (const m of text.matchAll(/\bsaid: "([a-z][A-Za-z]+)"/g)) add(m[1]!, file);
    if (file.endsWith("input-words.ts")) for (const m of text.matchAll(/"(input[A-Z]\w*)"/g)) add(m[1]!, file);
    // The guardrails' verdicts carry their refusal codes; the actions pass them on (FORWARDED above).
    if (file === "server/features/rooms/guardrails.ts") for (const m of text.matchAll(/"(refuse[A-Z]\w*)"/g)) add(m[1]!, file);
    if (file.startsWith("server/kernel/authentik/")) for (const m of text.matchAll(/"(authentik_\w+)"/g)) add(m[1]!.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), file);
  }
  return { codes, unexplained };
}

/**
 * Errors that keep English only, each with why no moderator meets it in the widget. A site is named by
 * its file and a piece of its statement; a new ApiError anywhere else must say `.saying(code, params)`.
 */
const ENGLISH_ONLY: Array<{ file: string; has: string; why: string }> = [
  { file: "server/kernel/authority/authority.ts", has: "acts as the system and may run", why: "the system actor (receivers, schedules, the local CLI), not a person in the widget" },
  { file: "server/kernel/authority/authority.ts", has: "acts as the system and may not run", why: "the system actor, as above" },
  { file: "server/kernel/authority/authority.ts", has: "lacks the \"${action.family}\" scope", why: "API tokens only (automation); the widget signs in with a session" },
  { file: "server/kernel/authority/authority.ts", has: "The token's creator must stand", why: "API tokens only: a token whose creator lost standing" },
  { file: "server/kernel/authority/api-tokens.ts", has: "No active API token", why: "revoking through the token store: the CLI; the widget's path is tokens.revoke (worded)" },
  { file: "server/kernel/authority/api-tokens.ts", has: "The API token is not valid", why: "API tokens only" },
  { file: "server/kernel/authority/api-tokens.ts", has: "was revoked", why: "API tokens only" },
  { file: "server/kernel/authority/api-tokens.ts", has: "expired on", why: "API tokens only" },
  { file: "server/entry/http/auth.ts", has: "lacks the \"${needed}\" scope", why: "API tokens only" },
  { file: "server/entry/http/action-routes.ts", has: "No action named", why: "the automation API: the widget calls only actions it knows" },
  { file: "server/entry/http/action-routes.ts", has: "/plan or /apply", why: "the automation API, as above" },
  { file: "server/entry/http/app.ts", has: "METRICS_TOKEN", why: "the metrics scraper, not a person" },
  { file: "server/entry/receivers/authentik-push.ts", has: "push endpoint is off", why: "Authentik's webhook, not a person" },
  { file: "server/entry/receivers/authentik-push.ts", has: "ApiError.badRequest(", why: "Authentik's webhook" },
  { file: "server/entry/receivers/authentik-push.ts", has: "webhook secret", why: "Authentik's webhook" },
  { file: "server/features/tokens/token-actions.ts", has: "not by other tokens", why: "API tokens only" },
  { file: "server/features/widget-install/install-widget.ts", has: "ApiError.forbidden(", why: "widget.install runs from the admin's CLI only (the system actor `cli:`)" },
  { file: "server/features/widget-install/install-widget.ts", has: "ApiError.conflict(err.message", why: "widget.install, the CLI only" },
  { file: "server/entry/commands/job-commands.ts", has: "List the recent ones with the jobs command", why: "the chat command's own refusal, answered in the chat (English like every chat reply)" },
];

function unworded(): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    if (!file.startsWith("server/") || file === "server/kernel/errors/api-error.ts") continue;
    for (const m of text.matchAll(/new ApiError\(|ApiError\.(?:badRequest|unauthenticated|forbidden|notFound|conflict)\(/g)) {
      const call = m[0] + until(text, m.index + m[0].length, false) + ")";
      const after = text.slice(m.index + call.length).trimStart();
      if (after.startsWith(".saying(")) continue;
      const excepted = ENGLISH_ONLY.some((e) => e.file === file && (call.includes(e.has) || m[0] === e.has));
      if (!excepted) found.push(`${file}: ${call.slice(0, 120)}`);
    }
    for (const m of text.matchAll(/new HomeserverFailure\(\{/g)) {
      const body = until(text, m.index + m[0].length - 1, false);
      if (!body.includes("saying:") && !file.endsWith("homeserver-failure.ts")) found.push(`${file}: ${body.slice(0, 120)}`);
    }
  }
  return found;
}

describe("what the server says, worded in the widget", () => {
  const { codes, unexplained } = sentCodes();

  it("finds the codes the server sends, and every code passed on from elsewhere is accounted for", () => {
    expect(codes.size).toBeGreaterThan(150);
    expect(codes.get("bridgeNoProvisioning")).toBe("server/features/bridges/bridge-error.ts");
    expect(codes.get("hsConnectionRefused")).toBe("server/kernel/errors/homeserver-failure.ts");
    expect(codes.get("authentikTimeout")).toBeDefined();
    expect(codes.get("inputNotUserId")).toBeDefined();
    expect(codes.get("refuseBotKick")).toBe("server/features/rooms/guardrails.ts");
    expect(codes.get("rooms.world-readable")).toBe("server/features/rooms/plan-room-creation.ts");
    expect(unexplained).toEqual([]);
  });

  it("has English and German words for every code the server can send", () => {
    const missing = [...codes].filter(([code]) => !(code in catalogue.english && catalogue.translations.de?.[code]));
    expect(missing.map(([code, where]) => `${code} (${where})`)).toEqual([]);
    // Each code has one English: the widget's own (plans, refusals) or the server's (the rest).
    expect(inBothEnglish).toEqual([]);
  });

  it("words no code the server never sends (a hint belongs to a code that is sent)", () => {
    const stale = Object.keys(catalogue.english).filter((key) => !codes.has(key.replace(/Hint$/, "")));
    expect(stale).toEqual([]);
  });

  it("gives every error a moderator can meet a code; the English-only ones are listed with why", () => {
    expect(unworded()).toEqual([]);
    // The list names real sites: one that no longer exists is taken off it.
    for (const e of ENGLISH_ONLY) expect(readFileSync(path.join(root, e.file), "utf8"), `${e.file}: ${e.has}`).toContain(e.has);
  });
});
