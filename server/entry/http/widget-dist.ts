import { existsSync } from "node:fs";
import path from "node:path";
import type { CheckResult } from "../../../shared/health.ts";
import { projectRoot } from "../../kernel/config/project-root.ts";

/**
 * Where the built widget is: dist/widget, written by `npm run build`. WIDGET_DIST_DIR points
 * elsewhere (a widget built on another machine, or a test's empty folder).
 */
export const widgetDistDir = process.env.WIDGET_DIST_DIR ? path.resolve(process.env.WIDGET_DIST_DIR) : path.join(projectRoot(), "dist/widget");

export const BUILD_COMMAND = "npm run build";

/**
 * Whether the widget is built. The server does not build it itself: esbuild is a development
 * dependency (absent after `npm ci --omit=dev`) and a server should not write into its own install;
 * so `npm start` refuses with the command instead, and `npm run doctor` reports the same check.
 */
export function widgetBundleCheck(dir = widgetDistDir): CheckResult {
  const base = { id: "widget-bundle", title: "Widget built", required: true } as const;
  const missing = ["index.html", "main.js"].filter((file) => !existsSync(path.join(dir, file)));
  if (!missing.length) return { ...base, status: "ok", summary: `The widget is built (${dir}).` };
  return {
    ...base,
    status: "fail",
    summary: "The widget is not built, so Element would find nothing at /widget/.",
    cause: `${dir} lacks ${missing.join(" and ")}: a fresh checkout or \`npm ci\` does not build the widget.`,
    fix: `Run \`${BUILD_COMMAND}\` in the dashboard's folder, then start it again.`,
  };
}
