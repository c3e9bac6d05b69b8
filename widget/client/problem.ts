import type { Said } from "../../shared/said.ts";

/**
 * Why the widget cannot go on, in terms the screens understand. Every failure (widget API,
 * network, backend) becomes one of these, so views never look at HTTP statuses or postMessage.
 */
export type ProblemKind =
  | "not-in-host"
  | "openid-refused"
  | "forbidden"
  | "unauthenticated"
  | "unreachable"
  | "failed";

/** For "not-in-host" the message is the reason: "direct", "untemplated" or "no-answer". */
export class Problem extends Error {
  readonly kind: ProblemKind;
  readonly hint: string | undefined;
  /** The backend's error code ("conflict", "bad_request"…) and the input field it is about, when it said. */
  readonly code: string | undefined;
  readonly field: string | undefined;
  /** The message as a code with parameters, when the server sent one (ui/said-words.ts words it). */
  readonly said: Said | undefined;

  constructor(kind: ProblemKind, message: string, hint?: string, details: { code?: string | undefined; field?: string | undefined; said?: Said | undefined } = {}) {
    super(message);
    this.name = "Problem";
    this.kind = kind;
    this.hint = hint;
    this.code = details.code;
    this.field = details.field;
    this.said = details.said;
  }
}

export function asProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  return new Problem("failed", err instanceof Error ? err.message : String(err));
}
