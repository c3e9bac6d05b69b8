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

  constructor(kind: ProblemKind, message: string, hint?: string) {
    super(message);
    this.name = "Problem";
    this.kind = kind;
    this.hint = hint;
  }
}

export function asProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  return new Problem("failed", err instanceof Error ? err.message : String(err));
}
