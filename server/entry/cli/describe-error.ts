import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure, fromHomeserver } from "../../kernel/errors/homeserver-failure.ts";

/** An error as the lines a person reads in a terminal: what happened, then what to do. */
export function describeForTerminal(err: unknown): string {
  if (err instanceof ApiError) return err.hint ? `${err.message}\nFix: ${err.hint}` : err.message;
  const isTransport = typeof (err as { code?: unknown; cause?: unknown })?.code === "string" || (err as { cause?: unknown })?.cause !== undefined;
  if (fromHomeserver(err) || isTransport) {
    const failure = describeMatrixFailure(err);
    return `${failure.message}\nFix: ${failure.hint}`;
  }
  return err instanceof Error ? err.message : String(err);
}
