import type { CreatedToken, TokenPlan } from "../../../shared/plans.ts";
import { z } from "zod";
import { defineAction, type Actor } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";

/** The token store, the admin level a token is capped at, and the log scrubber that must learn each new secret. */
type TokenCaps = { apiTokens: AppContext["apiTokens"]; config: Pick<AppContext["config"], "adminPowerLevel">; scrubber: Pick<AppContext["scrubber"], "add"> };
const tokenCaps = (app: AppContext): TokenCaps => ({ apiTokens: app.apiTokens, config: app.config, scrubber: app.scrubber });
import { CreateApiTokenInput } from "../../../shared/api-tokens.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";

function peopleOnly(ctx: { actor: Actor }): void {
  if (ctx.actor.kind !== "session") {
    throw ApiError.forbidden("API tokens are managed by people signed in through the widget, not by other tokens.");
  }
}

export const createApiToken = defineAction({
  name: "tokens.create",
  family: "admin",
  permission: "admin",
  summary: "Create an automation API token (shown once)",
  input: CreateApiTokenInput,
  example: { name: "ci", scopes: ["rooms", "read"], expiresInDays: 30 },
  capabilities: tokenCaps,
  async plan(ctx, input): Promise<TokenPlan> {
    peopleOnly(ctx);
    // A token acts with its creator's level at most, never above the admin threshold.
    const powerLevel = Math.min(ctx.actor.powerLevel, ctx.caps.config.adminPowerLevel);
    return { name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays, powerLevel };
  },
  async apply(ctx, plan): Promise<CreatedToken> {
    const created = ctx.caps.apiTokens.create({ ...plan, createdBy: ctx.actor.id });
    ctx.caps.scrubber.add(created.token);
    return { token: created.token, info: created.info };
  },
  target: (input) => input.name,
});

export const revokeApiToken = defineAction({
  name: "tokens.revoke",
  family: "admin",
  permission: "admin",
  summary: "Revoke an automation API token",
  input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{12}$/, "a token id (12 hex digits)") }),
  example: { id: "0123456789ab" },
  capabilities: tokenCaps,
  async plan(ctx, input) {
    peopleOnly(ctx);
    const token = ctx.caps.apiTokens.get(input.id);
    if (!token || token.revokedAt) throw ApiError.notFound(`No active API token ${input.id}.`).saying("tokenNotFound", { id: input.id });
    return { token };
  },
  async apply(ctx, _plan, input) {
    return ctx.caps.apiTokens.revoke(input.id);
  },
  target: (_input, plan) => plan.token.name,
});
