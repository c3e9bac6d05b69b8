import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { knownError } from "../../kernel/errors/known-error.ts";
import { ErrorCode, type ApiErrorBody } from "../../../shared/api-error.ts";
import { said as saying, type Said } from "../../../shared/said.ts";

function body(code: string, message: string, hint?: string, field?: string, said?: Said): ApiErrorBody {
  return { error: { code, message, ...(hint ? { hint } : {}), ...(field ? { field } : {}), ...(said ? { said } : {}) } };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(ApiError.notFound(`No API route ${req.method} ${req.path}`, "See /api/openapi.json for the routes this server offers.").saying("noRoute", { route: `${req.method} ${req.path}` }));
};

/** Maps every error to the one JSON shape; a 500 says only that it happened and its request id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = res.getHeader("x-request-id");
    const known = knownError(err);
    if (known) {
      if (known.retryAfterSeconds) res.setHeader("retry-after", String(known.retryAfterSeconds));
      res.status(known.status).json(body(known.code, known.message, known.hint, known.field, known.said));
      return;
    }
    logger.error({ err, requestId, path: req.path }, "unhandled error");
    res
      .status(500)
      .json(
        body(
          ErrorCode.internal,
          "Something went wrong on the dashboard server.",
          `Report request id ${requestId} to the dashboard admin; details are in the server log.`,
          undefined,
          saying("internalError", "Something went wrong on the dashboard server.", { requestId: String(requestId) }),
        ),
      );
  };
}
