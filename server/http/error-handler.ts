import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import type { Logger } from "pino";
import { ApiError } from "./api-error.ts";
import { HomeserverFailure, describeMatrixFailure, fromHomeserver } from "../matrix/failure.ts";
import { ErrorCode, type ApiErrorBody } from "../../shared/api-error.ts";

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

/** Maps every error to the one JSON shape; a 500 says only that it happened and its request id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = res.getHeader("x-request-id");
    if (err instanceof ZodError) err = zodToApiError(err);
    // A read route that lets the homeserver's own error through still answers with its cause and fix.
    if (!(err instanceof HomeserverFailure) && fromHomeserver(err)) err = describeMatrixFailure(err);
    if (err instanceof ApiError) {
      const retryAfter = (err as ApiError & { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) res.setHeader("retry-after", String(retryAfter));
      res.status(err.status).json(body(err.code, err.message, err.hint, err.field));
      return;
    }
    if (err instanceof HomeserverFailure) {
      if (err.retryAfterMs) res.setHeader("retry-after", String(Math.ceil(err.retryAfterMs / 1000)));
      res.status(err.status).json(body(err.code, err.message, err.hint));
      return;
    }
    // body-parser errors carry a status and a type.
    const status = (err as { status?: number }).status;
    const type = (err as { type?: string }).type;
    if (type === "entity.parse.failed") {
      res.status(400).json(body(ErrorCode.badRequest, "The request body is not valid JSON.", "Send a JSON object with Content-Type: application/json."));
      return;
    }
    if (type === "entity.too.large") {
      res.status(413).json(body(ErrorCode.badRequest, "The request body is too large.", "Send less data in one request."));
      return;
    }
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json(body(ErrorCode.badRequest, (err as Error).message || "Bad request."));
      return;
    }
    logger.error({ err, requestId, path: req.path }, "unhandled error");
    res
      .status(500)
      .json(body(ErrorCode.internal, "Something went wrong on the dashboard server.", `Report request id ${requestId} to the dashboard admin; details are in the server log.`));
  };
}
