import type { RequestHandler } from "express";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";

/** Gives every request an id (echoed in x-request-id) and logs method, path and status; never query strings or headers. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    res.setHeader("x-request-id", id);
    const started = performance.now();
    res.on("finish", () => {
      logger.info({ requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    });
    next();
  };
}
