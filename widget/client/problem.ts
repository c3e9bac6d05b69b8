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

  constructor(kind: ProblemKind, message: string, hint?: string, details: { code?: string | undefined; field?: string | undefined } = {}) {
    super(message);
    this.name = "Problem";
    this.kind = kind;
    this.hint = hint;
    this.code = details.code;
    this.field = details.field;
  }
}

export function asProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  return new Problem("failed", err instanceof Error ? err.message : String(err));
}
