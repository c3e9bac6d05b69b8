import type { ImportPlan, ImportResult } from "../../../shared/plans.ts";
import { z } from "zod";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { TemplateBody, TemplateBundle, TemplateId } from "../../../shared/templates.ts";
import { isShippedBuiltin, refuseBuiltin, type TemplateStore } from "../../kernel/store/template-store.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";

const templateCaps = (app: AppContext): { templates: TemplateStore } => ({ templates: app.templates });

const SaveTemplateInput = z.strictObject({ id: TemplateId, body: TemplateBody, expectedVersion: z.number().int().positive().optional() });

export const saveTemplate = defineAction({
  name: "templates.save",
  family: "rooms",
  permission: "admin",
  summary: "Create or edit a room template (each save is a new version; built-in ones are copied, not changed)",
  input: SaveTemplateInput,
  example: { id: "book-club", body: { name: "Book club", preset: "private_chat", joinRule: "invite", encrypted: false } },
  capabilities: templateCaps,
  async plan(ctx, input) {
    refuseBuiltin([input.id], "changed");
    const current = ctx.caps.templates.find(input.id);
    return { id: input.id, from: current?.version ?? null, to: (current?.version ?? 0) + 1, body: input.body };
  },
  async apply(ctx, _plan, input) {
    return ctx.caps.templates.save(input.id, input.body, ctx.actor.id, input.expectedVersion);
  },
  target: (input) => input.id,
});

export const deleteTemplate = defineAction({
  name: "templates.delete",
  family: "rooms",
  permission: "admin",
  summary: "Delete a room template (its versions stay in the history)",
  input: z.strictObject({ id: TemplateId }),
  example: { id: "book-club" },
  capabilities: templateCaps,
  async plan(ctx, input) {
    refuseBuiltin([input.id], "deleted");
    return { template: ctx.caps.templates.get(input.id) };
  },
  async apply(ctx, _plan, input) {
    ctx.caps.templates.delete(input.id);
    return { deleted: input.id };
  },
  target: (input) => input.id,
});

export const importTemplates = defineAction({
  name: "templates.import",
  family: "rooms",
  permission: "admin",
  summary: "Import templates shared by another community (JSON export)",
  input: z.strictObject({ bundle: TemplateBundle }),
  example: { bundle: { format: "matrix-community-dashboard/templates@1", templates: [{ id: "book-club", body: { name: "Book club" } }] } },
  capabilities: templateCaps,
  async plan(ctx, input): Promise<ImportPlan> {
    // A built-in exactly as shipped is skipped; any other body under a built-in's id is refused.
    refuseBuiltin(input.bundle.templates.filter((t) => !isShippedBuiltin(t.id, t.body)).map((t) => t.id), "replaced by an import");
    return input.bundle.templates.map((t) => ({
      id: t.id,
      action: isShippedBuiltin(t.id, t.body) ? ("unchanged" as const) : ctx.caps.templates.find(t.id) ? ("update" as const) : ("create" as const),
    }));
  },
  async apply(ctx, _plan, input): Promise<ImportResult> {
    return input.bundle.templates
      .filter((t) => !isShippedBuiltin(t.id, t.body))
      .map((t) => ctx.caps.templates.save(t.id, t.body, ctx.actor.id))
      .map((t) => ({ id: t.id, version: t.version }));
  },
  target: (input) => `${input.bundle.templates.length} templates`,
  targetParams: (input) => ({ count: input.bundle.templates.length }),
});
