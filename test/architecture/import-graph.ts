import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The repository root: every path below is relative to it, with "/" separators. */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Product code the layer rule covers: the server, the widget and what they share. */
const SOURCE_ROOTS = ["server", "widget", "shared"];

export function sourceFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        // Vendored third-party code is not ours to layer.
        if (rel !== "server/vendor" && entry.name !== "node_modules") walk(rel);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(rel);
    }
  };
  for (const root of SOURCE_ROOTS) walk(root);
  return found.sort();
}

// Static, re-export, side-effect and dynamic imports; type-only imports count too (a cycle in
// types is still a cycle a reader has to hold in their head).
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+)\1/g;

/** The repository files a source file imports (relative imports only; packages are not folders of ours). */
export function importsOf(file: string, text = readFileSync(path.join(repoRoot, file), "utf8")): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2]!)));
  return out;
}

export type Layer = "shared" | "kernel" | "features" | "entry" | "composition" | "widget";

/**
 * shared ← kernel ← features ← entry points ← composition (server/*.ts: main and server start);
 * the widget sits beside the server and may use only shared/ and itself.
 */
export function layerOf(file: string): Layer | undefined {
  if (file.startsWith("shared/")) return "shared";
  if (file.startsWith("server/kernel/")) return "kernel";
  if (file.startsWith("server/features/")) return "features";
  if (file.startsWith("server/entry/")) return "entry";
  if (file.startsWith("server/") && !file.slice("server/".length).includes("/")) return "composition";
  if (file.startsWith("widget/")) return "widget";
  return undefined;
}

const MAY_IMPORT: Record<Layer, Layer[]> = {
  shared: ["shared"],
  kernel: ["shared", "kernel"],
  features: ["shared", "kernel", "features"],
  entry: ["shared", "kernel", "features", "entry"],
  composition: ["shared", "kernel", "features", "entry", "composition"],
  widget: ["shared", "widget"],
};

export type Edge = { from: string; to: string };

export function allImports(): Edge[] {
  return sourceFiles().flatMap((from) => importsOf(from).map((to) => ({ from, to })));
}

/** Imports that reach up a layer (or from the widget into the server), as "from → to". */
export function layerViolations(edges: Edge[]): string[] {
  return edges
    .filter(({ from, to }) => {
      const a = layerOf(from);
      const b = layerOf(to);
      return a !== undefined && (b === undefined || !MAY_IMPORT[a].includes(b));
    })
    .map(({ from, to }) => `${from} → ${to}`);
}

/** Folder-level import graph: each file stands for its folder. */
export function folderGraph(edges: Edge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = path.posix.dirname(from);
    const b = path.posix.dirname(to);
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)!.add(b);
  }
  return graph;
}

/** Strongly connected groups of more than one folder (Tarjan), each sorted; none means no cycle. */
export function folderCycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return groups;
}

/** For a cycle report: the file imports that tie one folder of a group to another. */
export function edgesWithin(group: string[], edges: Edge[]): string[] {
  const members = new Set(group);
  return edges
    .filter(({ from, to }) => path.posix.dirname(from) !== path.posix.dirname(to) && members.has(path.posix.dirname(from)) && members.has(path.posix.dirname(to)))
    .map(({ from, to }) => `${from} → ${to}`);
}
