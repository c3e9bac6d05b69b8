import express, { type Express, type RequestHandler, type Router } from "express";
import helmet from "helmet";
import path from "node:path";
import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { requestLog } from "./request-log.ts";
import { errorHandler, notFoundHandler } from "./error-handler.ts";
import { sessionRoutes } from "./session-routes.ts";
import { requireCaller, actorOf } from "./auth.ts";
import { displayLevel } from "../../kernel/authority/moderator-check.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { RouteDoc } from "../../kernel/feature.ts";
import { CallerRateLimit, SignInRateLimit } from "./rate-limit.ts";
import { listRoutes } from "./route-list.ts";
import { openApiDocument } from "./openapi.ts";
import { routeDocs } from "./route-docs.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { sameSecret } from "../../kernel/authority/same-secret.ts";
import { widgetDistDir } from "./widget-dist.ts";

export { widgetDistDir };

/** What the API serves beyond its own routes: each feature's (and receiver's) router, given the caller guard, and their descriptions. */
export type Mounts = { routes: Array<(moderator: RequestHandler) => Router>; docs: RouteDoc[] };

export function createApp(ctx: AppContext, logger: Logger, mounts: Mounts): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(requestLog(logger));
  app.use(
    helmet({
      // Element frames the widget: X-Frame-Options cannot list origins, CSP frame-ancestors can.
      frameguard: false,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'", ...ctx.config.allowedClientOrigins],
        },
      },
    }),
  );
  app.use("/api", express.json({ limit: "256kb" }));

  app.use(
    sessionRoutes({
      homeserverUrl: ctx.config.homeserverUrl,
      serverName: ctx.bot.serverName,
      adminPowerLevel: ctx.config.adminPowerLevel,
      sessions: ctx.sessions,
      moderators: ctx.moderators,
      audit: ctx.audit,
      rateLimit: new SignInRateLimit(ctx.config.signInRateLimit),
    }),
  );

  const moderator: RequestHandler = requireCaller({ ...ctx, rateLimit: new CallerRateLimit(ctx.config.apiRateLimitPerMinute) });
  // Without credentials: liveness only (a load balancer's probe). The report names the homeserver,
  // the moderator room and the bot's admin flag, so it needs a moderator session or a `read` token;
  // a credential that is sent but wrong is refused like anywhere else.
  app.get(
    "/api/health",
    (req, res, next) => (req.header("authorization") ? moderator(req, res, next) : void res.json({ alive: true, report: "Sign in (moderator session or API token with the read scope) for the doctor report." })),
    async (_req, res) => {
      res.json(await ctx.health.current());
    },
  );
  app.get("/api/me", moderator, (_req, res) => {
    const actor = actorOf(res);
    if (actor.kind !== "session") return void res.json({ token: actor.tokenName, scopes: actor.scopes });
    res.json({ userId: actor.userId, powerLevel: displayLevel(actor.standing.powerLevel), requiredPowerLevel: actor.standing.requiredPowerLevel });
  });
  app.get("/api/tokens", moderator, async (_req, res) => {
    const actor = actorOf(res);
    if (actor.kind !== "session" || actor.standing.role !== "admin") {
      throw ApiError.forbidden(`Only community admins (power level ${ctx.config.adminPowerLevel}) manage API tokens.`).saying("tokensAdminsOnly", { level: ctx.config.adminPowerLevel });
    }
    const tokens = ctx.apiTokens.list();
    // Active tokens show whether their creator still stands (rule 4): suspended ones say why.
    const standings = await ctx.moderators.tokenStandings(tokens.filter((t) => !t.revokedAt && Date.parse(t.expiresAt) >= Date.now()));
    res.json(
      tokens.map((t) => {
        const s = standings.get(t.id);
        return { ...t, suspended: s && !s.ok ? s.reason : null, actsAtLevel: s?.ok ? displayLevel(s.powerLevel) : null };
      }),
    );
  });
  for (const mount of mounts.routes) app.use(mount(moderator));
  let openApi: Record<string, unknown> | undefined;
  app.get("/api/openapi.json", (_req, res) => {
    openApi ??= openApiDocument(ctx.actions.values(), listRoutes(app), [...routeDocs, ...mounts.docs], "1");
    res.json(openApi);
  });

  app.get("/metrics", async (req, res) => {
    const token = ctx.config.metricsToken;
    if (token && !sameSecret(req.header("authorization") ?? "", `Bearer ${token}`)) {
      throw ApiError.unauthenticated("Metrics need the METRICS_TOKEN as a bearer token.");
    }
    res.setHeader("content-type", ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  });
  app.use("/api", notFoundHandler);
  if (existsSync(widgetDistDir)) {
    // Screen chunks carry a content hash in their names, so a browser may keep them for good; the
    // entry (main.js) and index.html name them, and stay short-lived so an update is picked up.
    app.use("/widget/chunks", express.static(path.join(widgetDistDir, "chunks"), { immutable: true, maxAge: "365d" }));
    app.use("/widget", express.static(widgetDistDir, { index: "index.html", maxAge: "5m" }));
    app.get("/", (_req, res) => res.redirect("/widget/"));
  }
  app.use(errorHandler(logger));
  return app;
}
