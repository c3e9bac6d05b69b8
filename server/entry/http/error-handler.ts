import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import type { Logger } from "pino";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { HomeserverFailure, describeMatrixFailure, fromHomeserver } from "../../kernel/errors/homeserver-failure.ts";
import { ErrorCode, type ApiErrorBody } from "../../../shared/api-error.ts";

function body(code: string, message: string, hint?: string, field?: string): ApiErrorBody {
  return { error: { code, message, ...(hint ? { hint } : {}), ...(field ? { field } : {}) } };
}

export function zodToApiError(err: ZodError): ApiError {
  const issue = err.issues[0]!;
  const field = issue.path.join(".") || undefined;
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? "s" : ""})` : "";
  return ApiError.badRequest(`${field ? `${field}: ` : ""}${issue.message}${more}`, field);
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(ApiError.notFound(`No API route ${req.method} ${req.path}`, "See /api/openapi.json for the routes this server offers."));
};

/** An error the caller can act on: what happened, the fix, and the HTTP status to answer with. */
export type KnownError = { status: number; code: string; message: string; hint?: string; field?: string; retryAfterSeconds?: number };

/** What a request's error means for the caller; undefined for a failure of our own (answered as a 500). */
export function knownError(err: unknown): KnownError | undefined {
  if (err instanceof ZodError) err = zodToApiError(err);
  // A read route that lets the homeserver's own error through still answers with its cause and fix.
  if (!(err instanceof HomeserverFailure) && fromHomeserver(err)) err = describeMatrixFailure(err);
  if (err instanceof ApiError) {
    const retryAfterSeconds = (err as ApiError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return { status: err.status, code: err.code, message: err.message, hint: err.hint, field: err.field, retryAfterSeconds };
  }
  if (err instanceof HomeserverFailure) {
    return { status: err.status, code: err.code, message: err.message, hint: err.hint, retryAfterSeconds: err.retryAfterMs ? Math.ceil(err.retryAfterMs / 1000) : undefined };
  }
  // body-parser errors carry a status and a type.
  const status = (err as { status?: number }).status;
  const type = (err as { type?: string }).type;
  if (type === "entity.parse.failed") return { status: 400, code: ErrorCode.badRequest, message: "The request body is not valid JSON.", hint: "Send a JSON object with Content-Type: application/json." };
  if (type === "entity.too.large") return { status: 413, code: ErrorCode.badRequest, message: "The request body is too large.", hint: "Send less data in one request." };
  if (typeof status === "number" && status >= 400 && status < 500) return { status, code: ErrorCode.badRequest, message: (err as Error).message || "Bad request." };
  return undefined;
}

/** Maps every error to the one JSON shape; a 500 says only that it happened and its request id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = res.getHeader("x-request-id");
    const known = knownError(err);
    if (known) {
      if (known.retryAfterSeconds) res.setHeader("retry-after", String(known.retryAfterSeconds));
      res.status(known.status).json(body(known.code, known.message, known.hint, known.field));
      return;
    }
    logger.error({ err, requestId, path: req.path }, "unhandled error");
    res
      .status(500)
      .json(body(ErrorCode.internal, "Something went wrong on the dashboard server.", `Report request id ${requestId} to the dashboard admin; details are in the server log.`));
  };
}
