import type { ComponentChildren } from "preact";
import type { Problem } from "../client/problem.ts";
import { Icon } from "./icons.tsx";
import { RichText } from "./rich-text.tsx";
import { problemWords } from "./said-words.ts";

export type NoteTone = "info" | "success" | "warning" | "critical";
const icons = { info: "widget", success: "check", warning: "warning", critical: "error" } as const;

/** A boxed message inside a screen; critical ones are announced at once, successes (created, saved) politely. */
export function Note({ tone, children }: { tone: NoteTone; children: ComponentChildren }) {
  return (
    <div class={`note tone-${tone}`} role={tone === "critical" ? "alert" : tone === "success" ? "status" : undefined}>
      <Icon name={icons[tone]} size={18} />
      <div class="note-body">{children}</div>
    </div>
  );
}

/** What the server said went wrong, and what to do about it. */
export function ProblemNote({ problem }: { problem: Problem | undefined }) {
  if (!problem) return null;
  const { message, hint } = problemWords(problem);
  return (
    <Note tone="critical">
      <p data-problem={problem.code ?? problem.kind} data-said={problem.said?.code}>
        {message}
      </p>
      {hint ? (
        <p class="note-hint">
          <RichText text={hint} />
        </p>
      ) : null}
    </Note>
  );
}

export function Badge({ tone = "neutral", title, children }: { tone?: NoteTone | "neutral"; title?: string | undefined; children: ComponentChildren }) {
  return (
    <span class={`badge tone-${tone}`} title={title}>
      {children}
    </span>
  );
}
