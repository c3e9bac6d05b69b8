import type { Said } from "../../shared/said.ts";
import type { JobState } from "../../shared/jobs.ts";
import type { Problem } from "../client/problem.ts";
import { currentLanguage, screenMessages, t, type MessageKey } from "./messages.ts";
import { isRefusalCode, refusalText } from "./refusal-words.ts";
import type { catalogue as Catalogue } from "./error-messages.ts";

/** The catalogue and its filler, once a language other than English asked for them (English keeps the server's English). */
let words: { catalogue: typeof Catalogue; fill: (key: string, vars: Record<string, string | number>) => string } | undefined;

/** Loads the words for what the server says when the language (as loadLanguage chose it) is not English; the shell stays small. */
export async function loadSaidWords(language: string): Promise<void> {
  if (words || language.toLowerCase().startsWith("en")) return;
  const { catalogue } = await import("./error-messages.ts");
  words = { catalogue, fill: screenMessages(catalogue.english, catalogue.translations) as (key: string, vars: Record<string, string | number>) => string };
}

/** The user's language has its own words for this code (English screens keep the server's English, which says the most). */
function translated(key: string): boolean {
  if (!words) return false;
  const tag = currentLanguage().toLowerCase();
  const table = words.catalogue.translations[tag] ?? words.catalogue.translations[tag.split("-")[0] ?? ""];
  return Boolean(table && key in table);
}

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

/**
 * A translated sentence names a membership and a job's state in its own words, and says how many more problems a refused
 * request had (`moreProblems`, sent beside the first problem's code) in the same language.
 */
function translatedText(code: string, vars: Record<string, string | number>): string {
  const { moreProblems, ...rest } = vars;
  const membership = typeof rest.membership === "string" ? MEMBERSHIPS[rest.membership] : undefined;
  if (membership) rest.membership = t(membership);
  const state = typeof rest.state === "string" ? JOB_STATES[rest.state as JobState] : undefined;
  if (state) rest.state = t(state).toLowerCase();
  const text = words!.fill(code, rest);
  return typeof moreProblems === "number" && moreProblems > 0 ? `${text} ${t("moreProblems", { count: moreProblems })}` : text;
}

function worded(code: string, params: Said["params"], fallback: string): string {
  const vars: Record<string, string | number> = { ...params };
  // A sentence that gives another as its reason ("{reason}; retrying") words that one first (shared/said.ts saidBecause).
  if (typeof vars.reasonCode === "string") {
    const { reasonCode, reason, ...inner } = vars;
    vars.reason = saidText({ code: reasonCode, params: inner, text: String(reason ?? "") }).replace(/\.$/, "");
  }
  if (words && translated(code)) return translatedText(code, vars);
  if (isRefusalCode(code) && !currentLanguage().toLowerCase().startsWith("en")) return refusalText({ reason: fallback, code, params: vars as Record<string, number> });
  return fallback;
}

/**
 * What the server said (an error, why a job waits, an item's outcome) in the user's language: a code this
 * widget knows is worded from its catalogue, anything else keeps the server's English.
 */
export function saidText(message: Said | string | null | undefined): string {
  if (message === null || message === undefined) return "";
  if (typeof message === "string") return message;
  return worded(message.code, message.params, message.text);
}

/** A job's or item's message: the `said` beside it when there is one, else the English `message`. */
export function messageText(view: { message: string | null; said?: Said | undefined }): string {
  return view.said ? saidText({ ...view.said, text: view.message ?? view.said.text }) : (view.message ?? "");
}

/** A problem's message and what to do about it, in the user's language where the server sent a code. */
export function problemWords(problem: Problem): { message: string; hint: string | undefined } {
  const { said } = problem;
  if (!said) return { message: problem.message, hint: problem.hint };
  const { moreProblems: _more, ...hintParams } = said.params ?? {};
  const hint = problem.hint === undefined ? undefined : worded(`${said.code}Hint`, hintParams, problem.hint);
  return { message: worded(said.code, said.params, problem.message), hint };
}
