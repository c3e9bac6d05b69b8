import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allImports, edgesWithin, folderCycles, folderGraph, layerOf, layerViolations, repoRoot, sourceFiles } from "./import-graph.ts";

/**
 * The house plan (README, "How the code is laid out"): shared ← kernel ← features ← entry points,
 * read off the imports themselves. The widget may use only shared/ and itself.
 */
describe("the folders keep the three layers", () => {
  const edges = allImports();

  it("every product file sits in a layer", () => {
    expect(sourceFiles().filter((f) => !layerOf(f))).toEqual([]);
  });

  it("no import reaches up a layer: the kernel knows no feature or entry point, a feature no entry point", () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it("no two folders import each other, directly or round a cycle", () => {
    const cycles = folderCycles(folderGraph(edges)).map((group) => ({ folders: group, imports: edgesWithin(group, edges) }));
    expect(cycles).toEqual([]);
  });

  it("every relative import names a file that exists", () => {
    const files = new Set(sourceFiles());
    expect(edges.filter(({ to }) => !files.has(to) && !/\.(css|json|html)$/.test(to)).map(({ from, to }) => `${from} → ${to}`)).toEqual([]);
  });

  it("the checker itself sees a cycle and an upward import when there is one", () => {
    const fake = [
      { from: "server/kernel/a/x.ts", to: "server/kernel/b/y.ts" },
      { from: "server/kernel/b/y.ts", to: "server/kernel/a/z.ts" },
      { from: "server/kernel/a/x.ts", to: "server/features/rooms/r.ts" },
    ];
    expect(folderCycles(folderGraph(fake))).toEqual([["server/kernel/a", "server/kernel/b"]]);
    expect(layerViolations(fake)).toEqual(["server/kernel/a/x.ts → server/features/rooms/r.ts"]);
  });
});

describe("tests go through the code's own store APIs", () => {
  it("no test reads or writes the database with SQL of its own", () => {
    const sql = /\.db\.(prepare|exec)\(|\b(SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b/;
    const offenders = testFiles()
      .filter((f) => !f.startsWith("test/architecture/"))
      .filter((f) => readFileSync(path.join(repoRoot, f), "utf8").split("\n").some((line) => sql.test(line)));
    expect(offenders).toEqual([]);
  });
});

function testFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name)) found.push(rel);
    }
  };
  walk("test");
  return found;
}
