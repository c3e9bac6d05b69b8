import { ZodError } from "zod";
import { ApiError } from "./api-error.ts";
import { HomeserverFailure, describeMatrixFailure, fromHomeserver } from "./homeserver-failure.ts";
import { ErrorCode } from "../../../shared/api-error.ts";
import { said, type Said } from "../../../shared/said.ts";
import { inputSaid } from "./input-words.ts";

/** A schema refusal as the 400 that names the field. */
export function zodToApiError(err: ZodError): ApiError {
  const issue = err.issues[0]!;
  const field = issue.path.join(".") || undefined;
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? "s" : ""})` : "";
  const error = ApiError.badRequest(`${field ? `${field}: ` : ""}${issue.message}${more}`, field).saying(...inputSaid(issue));
  // The count of further problems rides beside the first one's code; the widget says it in the user's language.
  if (error.said && err.issues.length > 1) error.said = { ...error.said, params: { ...error.said.params, moreProblems: err.issues.length - 1 } };
  return error;
}

/** An error the caller can act on: what happened, the fix, and the HTTP status to answer with. */
export type KnownError = { status: number; code: string; message: string; hint?: string; field?: string; retryAfterSeconds?: number; said?: Said };

/** What a request's error means for the caller; undefined for a failure of our own (answered as a 500). */
export function knownError(err: unknown): KnownError | undefined {
  if (err instanceof ZodError) err = zodToApiError(err);
  // A read route that lets the homeserver's own error through still answers with its cause and fix.
  if (!(err instanceof HomeserverFailure) && fromHomeserver(err)) err = describeMatrixFailure(err);
  if (err instanceof ApiError) {
    const retryAfterSeconds = (err as ApiError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return { status: err.status, code: err.code, message: err.message, hint: err.hint, field: err.field, retryAfterSeconds, said: err.said };
  }
  if (err instanceof HomeserverFailure) {
    return { status: err.status, code: err.code, message: err.message, hint: err.hint, retryAfterSeconds: err.retryAfterMs ? Math.ceil(err.retryAfterMs / 1000) : undefined, said: err.said };
  }
  // body-parser errors carry a status and a type.
  const status = (err as { status?: number }).status;
  const type = (err as { type?: string }).type;
  if (type === "entity.parse.failed") return { status: 400, code: ErrorCode.badRequest, message: "The request body is not valid JSON.", hint: "Send a JSON object with Content-Type: application/json.", said: said("bodyNotJson", "The request body is not valid JSON.") };
  if (type === "entity.too.large") return { status: 413, code: ErrorCode.badRequest, message: "The request body is too large.", hint: "Send less data in one request.", said: said("bodyTooLarge", "The request body is too large.") };
  if (typeof status === "number" && status >= 400 && status < 500) return { status, code: ErrorCode.badRequest, message: (err as Error).message || "Bad request." };
  return undefined;
}
