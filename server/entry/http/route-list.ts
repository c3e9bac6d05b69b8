import type { Express } from "express";

export type RouteEntry = { method: string; path: string };

/** Every concrete route the app serves, read from Express's own router (nothing to keep in sync by hand). */
export function listRoutes(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) out.push({ method: method.toUpperCase(), path: layer.route.path });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: any[] } }).router.stack);
  return out.filter((r) => typeof r.path === "string" && r.path.startsWith("/api"));
}
