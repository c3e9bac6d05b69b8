import type { RequestHandler, Router } from "express";
import type { Logger } from "pino";
import type { AppContext } from "./runtime/app-context.ts";
import type { Action } from "./runtime/define-action.ts";
import type { JobKind } from "./runtime/job-kind.ts";
import type { RouteDoc } from "../entry/http/openapi.ts";

/** A feature brings its actions, its job kinds and any read routes it needs. */
export type Feature = {
  name: string;
  actions?: Action[];
  jobKinds?: JobKind[];
  routes?: (app: AppContext, logger: Logger) => (guard: RequestHandler) => Router;
  /** One-line descriptions of its read routes, for the OpenAPI document. */
  docs?: RouteDoc[];
  /** Background work (timers) started with the server; the returned function stops it. */
  start?: (app: AppContext, logger: Logger) => () => Promise<void>;
};
