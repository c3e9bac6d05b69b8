import { z, type ZodType } from "zod";
import type { Action } from "../../kernel/runtime/define-action.ts";
import type { RouteEntry } from "./route-list.ts";
import type { RouteDoc } from "../../kernel/feature.ts";
import { ApiErrorBody } from "../../../shared/api-error.ts";

const schema = (s: ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, "{$1}");

/**
 * OpenAPI 3.1 from the same zod schemas the server validates with: actions from the registry,
 * other routes from Express's route list plus their short descriptions.
 */
export function openApiDocument(actions: Iterable<Action>, routes: RouteEntry[], docs: RouteDoc[], version: string): Record<string, unknown> {
  const errorResponse = { description: "Error", content: { "application/json": { schema: schema(ApiErrorBody) } } };
  const paths: Record<string, Record<string, unknown>> = {};
  const put = (path: string, method: string, op: Record<string, unknown>) => {
    paths[path] ??= {};
    paths[path]![method.toLowerCase()] = op;
  };
  for (const action of actions) {
    for (const mode of ["plan", "apply"] as const) {
      put(`/api/actions/${action.name}/${mode}`, "post", {
        operationId: `${action.name}.${mode}`,
        summary: `${action.summary}${mode === "plan" ? " (preview: changes nothing)" : ""}`,
        tags: [action.family],
        "x-permission": action.permission,
        "x-scope": action.family,
        requestBody: {
          required: true,
          content: { "application/json": { schema: schema(action.input), ...(action.example ? { example: action.example } : {}) } },
        },
        responses: { "200": { description: mode === "plan" ? "What would change" : "The plan and its result" }, "4XX": errorResponse },
      });
    }
  }
  for (const route of routes) {
    if (route.path.includes("/api/actions/:")) continue;
    const doc = docs.find((d) => d.method === route.method && d.path === route.path);
    const parameters = [
      ...[...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } })),
      ...(doc?.query
        ? Object.entries((schema(doc.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, s]) => ({ name, in: "query", required: false, schema: s }))
        : []),
    ];
    put(toOpenApiPath(route.path), route.method, {
      summary: doc?.summary ?? route.path,
      ...(doc?.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      responses: { "200": { description: "OK" }, "4XX": errorResponse },
    });
  }
  return {
    openapi: "3.1.0",
    info: { title: "Community Dashboard for Matrix", version, description: "Every action has /plan (preview) and /apply. Authenticate with a widget session or an API token (Bearer)." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
