import type { RequestHandler, Response, Router } from "express";
import type { Logger } from "pino";
import type { ZodType } from "zod";
import type { AppContext, BanListReader, BridgeHealthReader } from "./runtime/app-context.ts";
import type { Action, Caller } from "./runtime/define-action.ts";
import type { JobKind } from "./runtime/job-kind.ts";
import type { CommandSpec } from "./commands/command-spec.ts";

/** A one-line description of a read route, for the OpenAPI document. */
export type RouteDoc = { method: string; path: string; summary: string; query?: ZodType; public?: boolean };

/** Who is asking behind a guarded request: the verified actor, where to log, the request id (no app). */
export type { Caller };

/**
 * What the HTTP entry point lends a feature's read routes, so a feature never imports it: who is
 * asking behind a guarded request. A capability that needs an action context (a read that judges
 * the actor, an action run for them) takes the caller and adds the app itself.
 */
export type RouteKit = { caller(res: Response): Caller };

/**
 * A feature's read routes. Like an action, `capabilities(app)` picks the few reads they serve (named
 * functions, narrow stores), built once when the routes are mounted; `router` sees only those and
 * the kit, never the app, so tsc refuses a route that reaches past them.
 */
export type FeatureRoutes<C> = {
  capabilities(app: AppContext): C;
  router(caps: C, kit: RouteKit): (guard: RequestHandler) => Router;
};

export function defineRoutes<C>(routes: FeatureRoutes<C>): FeatureRoutes<C> {
  return routes;
}

/**
 * A feature brings its actions, its job kinds, its chat commands and any read routes it needs;
 * every entry point takes them from here, so a feature knows none of them.
 */
export type Feature = {
  name: string;
  actions?: Action[];
  jobKinds?: JobKind[];
  /** Chat commands for the moderator room, each naming the action it runs (if any). */
  commands?: CommandSpec[];
  routes?: FeatureRoutes<any>;
  /** One-line descriptions of its read routes, for the OpenAPI document. */
  docs?: RouteDoc[];
  /** Adds bridge health to the rooms the rooms feature lists (the bridges feature). */
  bridgeHealth?: BridgeHealthReader;
  /** Which ban-list rules match a person, for the reports inbox and the user card (the ban-list feature). */
  banLists?: BanListReader;
  /** Background work (timers) started with the server; the returned function stops it. */
  start?: (app: AppContext, logger: Logger) => () => Promise<void>;
};
