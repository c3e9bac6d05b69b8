import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { ZodError, type ZodType } from "zod";
import type { Logger } from "pino";
import type { AppContext } from "../../../kernel/runtime/app-context.ts";
import { sameSecret } from "../../../kernel/authority/same-secret.ts";
import { knownError } from "../../../kernel/errors/known-error.ts";
import { bearer } from "../../http/auth.ts";
import { SCIM_CONTENT_TYPE, ScimError, scimErrorBody } from "./scim-wire.ts";

export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).json(body);
}

/** The apply jobs a write started, so a caller (or a test) can follow them in /api/jobs. */
export function announceJobs(res: Response, jobs: string[]): void {
  if (jobs.length) res.setHeader("x-sync-job", jobs.join(","));
}

export function parseScim<T>(schema: ZodType<T>, body: unknown): T {
  if (body === undefined) throw new ScimError(400, "The request has no JSON body: send one with Content-Type application/scim+json.", "invalidSyntax");
  return schema.parse(body);
}

/** Off without AUTHENTIK_SCIM_TOKEN; otherwise only that token, compared in constant time, gets in. */
export function requireScimToken(app: AppContext, logger: Logger): RequestHandler {
  return (req, _res, next) => {
    const token = app.config.authentik?.scimToken;
    if (!token) throw new ScimError(404, "The SCIM receiver is off: set AUTHENTIK_SCIM_TOKEN (with AUTHENTIK_URL and AUTHENTIK_TOKEN) and restart the dashboard.");
    const given = bearer(req.header("authorization"));
    if (!given || !sameSecret(given, token)) {
      logger.warn({ ip: req.ip, path: req.path }, "SCIM request with a missing or wrong token");
      throw new ScimError(401, "Missing or wrong bearer token: set the SCIM provider's token in Authentik to AUTHENTIK_SCIM_TOKEN.");
    }
    next();
  };
}

export const scimNotFound: RequestHandler = (req) => {
  throw new ScimError(404, `No SCIM endpoint ${req.method} ${req.path}.`);
};

/** Every failure as a SCIM error body, with the same meaning as the rest of the API; a 5xx says only that it happened. */
export function scimErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof ScimError) {
      if (err.status === 401) res.setHeader("www-authenticate", 'Bearer realm="scim"');
      return sendScim(res, err.status, scimErrorBody(err.status, err.message, err.scimType));
    }
    const known = knownError(err);
    if (known) {
      const scimType = err instanceof ZodError ? "invalidValue" : (err as { type?: string }).type === "entity.parse.failed" ? "invalidSyntax" : undefined;
      return sendScim(res, known.status, scimErrorBody(known.status, known.hint ? `${known.message} ${known.hint}` : known.message, scimType));
    }
    logger.error({ err, path: req.path }, "SCIM request failed");
    sendScim(res, 500, scimErrorBody(500, "Something went wrong on the dashboard server; details are in its log."));
  };
}
