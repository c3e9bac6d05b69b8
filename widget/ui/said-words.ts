import type { Said } from "../../shared/said.ts";
import type { JobState } from "../../shared/jobs.ts";
import type { Problem } from "../client/problem.ts";
import { currentLanguage, fill, t, type MessageKey } from "./messages.ts";

/**
 * The one way the widget words what the server said (shared/said.ts): plan warnings and steps, errors,
 * why a job waits, each item's outcome, the guardrails' refusals. A code is worded from the user's
 * language's table; a code the table lacks keeps the server's English, so a new code never leaves a blank.
 * German's table (said-de.ts) words every code. English's (said-en.ts) words only what the widget says
 * in plainer words than the server (plans, refusals): English screens keep the server's English for the
 * rest, which says the most (what was being done). A language without a table of its own uses English's.
 */
type Table = Readonly<Record<string, string>>;

/** Each table is a chunk of its own: the shell stays small, and only German users fetch the German. */
const loaders: Record<string, () => Promise<Table>> = {
  en: () => import("./said-en.ts").then((m) => m.english),
  de: () => import("./said-de.ts").then((m) => m.de),
};
const tables: Record<string, Table> = {};
const pending: Record<string, Promise<void>> = {};
let latest: Promise<void> = Promise.resolve();

/** The table a language tag uses ("de-AT" → "de"; one without a table of its own → "en"). */
function tableName(tag: string | undefined): string {
  const lower = (tag ?? "").toLowerCase();
  const base = lower.split("-")[0] ?? "";
  return loaders[lower] ? lower : loaders[base] ? base : "en";
}

/** Fetches the language's table (once); while one cannot be fetched, the server's English shows (a later call tries again). */
export function loadSaidWords(language: string | undefined): Promise<void> {
  const name = tableName(language);
  latest = pending[name] ??= loaders[name]!().then(
    (table) => void (tables[name] = table),
    () => void delete pending[name],
  );
  return latest;
}

/** Settles when the table last asked for is there (screens wait for it: widget/ui/lazy.tsx). */
export const saidWordsLoaded = (): Promise<void> => latest;

/** Matrix's membership values (`join`, `ban`…) as the user's language names them. */
const MEMBERSHIPS: Record<string, MessageKey> = {
  join: "membershipJoin",
  invite: "membershipInvite",
  knock: "membershipKnock",
  leave: "membershipLeave",
  ban: "membershipBan",
  none: "membershipNone",
};

/** A job's state (`done`, `failed`…) in words: the job's progress shows it, and sentences naming a state use it. */
export const JOB_STATES: Record<JobState, MessageKey> = {
  queued: "jobQueued",
  running: "jobRunning",
  waiting: "jobWaiting",
  done: "jobDone",
  failed: "jobFailed",
  cancelled: "jobCancelled",
};

/** A power level's parameter: `…level`/`…Level`, and the guardrails' `theirs`, `yours`, `bot`, `needed`. */
const LEVEL_PARAM = /(?:level|^theirs|^yours|^bot|^needed)$/i;

/**
 * The parameters as the sentence shows them: a reason that was said itself (`reasonCode`, shared/said.ts
 * saidBecause) worded first; a creator's unlimited power (sent as 101) as the role; a membership and a
 * job's state in words.
 */
function shownParams(params: Said["params"] = {}): Record<string, string | number> {
  const vars: Record<string, string | number> = { ...params };
  if (typeof vars.reasonCode === "string") {
    const { reasonCode, reason, ...inner } = vars;
    vars.reason = saidText({ code: reasonCode, params: inner, text: String(reason ?? "") }).replace(/\.$/, "");
  }
  for (const [name, value] of Object.entries(vars)) {
    const membership = name === "membership" && typeof value === "string" ? MEMBERSHIPS[value] : undefined;
    const state = name === "state" && typeof value === "string" ? JOB_STATES[value as JobState] : undefined;
    if (typeof value === "number" && value > 100 && LEVEL_PARAM.test(name)) vars[name] = t("levelCreator");
    else if (membership) vars[name] = t(membership);
    else if (state) vars[name] = t(state).toLowerCase();
  }
  return vars;
}

/** A code in the user's language, or the server's English when the language's table has no words for it. */
function worded(code: string, params: Said["params"], english: string): string {
  const words = tables[tableName(currentLanguage())]?.[code];
  if (words === undefined) return english;
  // A refused request's further problems are counted in the same language (the server's English counts them too).
  const { moreProblems, ...vars } = shownParams(params);
  const text = fill(words, vars);
  return typeof moreProblems === "number" && moreProblems > 0 ? `${text} ${t("moreProblems", { count: moreProblems })}` : text;
}

/** What the server said, in the user's language. */
export function saidText(message: Said | string | null | undefined): string {
  if (message === null || message === undefined) return "";
  if (typeof message === "string") return message;
  return worded(message.code, message.params, message.text);
}

/** A job's or item's message: the `said` beside it when there is one, else the English `message`. */
export function messageText(view: { message: string | null; said?: Said | undefined }): string {
  return view.said ? saidText({ ...view.said, text: view.message ?? view.said.text }) : (view.message ?? "");
}

/** A guardrail's refusal (server/features/rooms/guardrails.ts), said as its code and levels beside the English `reason`. */
export function refusalText(refusal: { reason: string; code?: string | undefined; params?: Record<string, number> | undefined }): string {
  return saidText(refusal.code ? { code: refusal.code, params: refusal.params, text: refusal.reason } : refusal.reason);
}

/** A problem's message and what to do about it (`<code>Hint`), in the user's language where the server sent a code. */
export function problemWords(problem: Problem): { message: string; hint: string | undefined } {
  const { said } = problem;
  if (!said) return { message: problem.message, hint: problem.hint };
  const { moreProblems: _more, ...hintParams } = said.params ?? {};
  const hint = problem.hint === undefined ? undefined : worded(`${said.code}Hint`, hintParams, problem.hint);
  return { message: worded(said.code, said.params, problem.message), hint };
}
