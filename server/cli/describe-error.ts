import { ApiError } from "../http/api-error.ts";
import { describeMatrixFailure, HomeserverFailure } from "../matrix/failure.ts";

/** An error as the lines a person reads in a terminal: what happened, then what to do. */
export function describeForTerminal(err: unknown): string {
  if (err instanceof ApiError) return err.hint ? `${err.message}\nFix: ${err.hint}` : err.message;
  const isMatrix = err instanceof HomeserverFailure || typeof (err as { errcode?: unknown })?.errcode === "string";
  const isTransport = typeof (err as { code?: unknown; cause?: unknown })?.code === "string" || (err as { cause?: unknown })?.cause !== undefined;
  if (isMatrix || isTransport || typeof (err as { statusCode?: unknown })?.statusCode === "number") {
    const failure = describeMatrixFailure(err);
    return `${failure.message}\nFix: ${failure.hint}`;
  }
  return err instanceof Error ? err.message : String(err);
}
