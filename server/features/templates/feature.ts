import { Router } from "express";
import { defineRoutes, type Feature } from "../../kernel/feature.ts";
import type { TemplateStore } from "../../kernel/store/template-store.ts";
import { TemplateBundle } from "../../../shared/templates.ts";
import { saveTemplate, deleteTemplate, importTemplates } from "./template-actions.ts";

/** Room templates: the power levels, access and moderators a new room starts from (kept in the store). */
export const templatesFeature: Feature = {
  name: "templates",
  actions: [saveTemplate, deleteTemplate, importTemplates],
  routes: defineRoutes({
    capabilities: (app): { templates: Pick<TemplateStore, "list" | "get" | "versions"> } => ({ templates: app.templates }),
    router: ({ templates }) => (guard) => {
      const router = Router();
      router.get("/api/templates", guard, (_req, res) => void res.json(templates.list()));
      router.get("/api/templates/export", guard, (_req, res) => {
        const bundle: TemplateBundle = {
          format: "matrix-community-dashboard/templates@1",
          // Built-ins are the same in every dashboard: a bundle carries only the community's own.
          templates: templates.list().filter((t) => !t.builtin).map((t) => ({ id: t.id, body: t.body })),
        };
        res.setHeader("content-disposition", 'attachment; filename="room-templates.json"');
        res.json(bundle);
      });
      router.get("/api/templates/:id", guard, (req, res) => {
        const template = templates.get(String(req.params.id));
        res.json({ ...template, versions: templates.versions(template.id) });
      });
      return router;
    },
  }),
};
