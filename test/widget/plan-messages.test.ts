import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { catalogue } from "./said-catalogue.ts";

const root = path.join(import.meta.dirname, "../..");

/** What one `said(code, text, params)` call in the server or shared code sends. */
type Call = { code: string | null; where: string; params: string[] | null };

/**
 * Every `said(…)` call in server/ and shared/, read with the TypeScript parser: its code (null when
 * it is not a string literal) and its parameters' names (null when they are not all written out).
 */
function saidCalls(): Call[] {
  const files = ["server", "shared"].flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(dir, f)),
  );
  const calls: Call[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "said") {
        const [code, , params] = node.arguments;
        const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        calls.push({ code: code && ts.isStringLiteral(code) ? code.text : null, where, params: paramNames(params) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

function paramNames(params: ts.Expression | undefined): string[] | null {
  if (!params) return [];
  if (!ts.isObjectLiteralExpression(params)) return null;
  const names: string[] = [];
  for (const p of params.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name)) names.push(p.name.text);
    else return null;
  }
  return names;
}

/** A wording's {variables}, leaving out {singular|plural} choices (they read `count`). */
const variables = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/**
 * Plan codes name their feature (`rooms.world-readable`); codes without a dot are the errors' and
 * jobs' (camelCase). Both are worded by widget/ui/said-words.ts; test/kernel/errors/said-coverage.test.ts
 * checks every code has words, this test also that a plan sentence uses only the parameters sent.
 */
const PLAN_CODE = /^[a-z]+\.[a-z0-9.-]+$/;
const allCalls = saidCalls();
const calls = allCalls.filter((c) => c.code !== null && PLAN_CODE.test(c.code));
const english = catalogue.english;
const languages = Object.entries(catalogue.translations);

describe("what plans say, worded by the widget", () => {
  it("finds the server's said() calls (the scan itself works)", () => {
    expect(calls.length).toBeGreaterThan(40);
    expect(calls.map((c) => c.code)).toEqual(expect.arrayContaining(["rooms.world-readable", "bridges.step.link", "sync.attention-too-many", "moderation.opening-not-posted"]));
  });

  it("every literal code is a plan code (feature.what) or an error/job code (camelCase), so none escapes both tests", () => {
    expect(allCalls.filter((c) => c.code !== null && !PLAN_CODE.test(c.code) && !/^[a-z][A-Za-z]+$/.test(c.code)).map((c) => `${c.where} ${c.code}`)).toEqual([]);
  });

  it("has English and every translation's wording for each code the server can send", () => {
    const codes = [...new Set(calls.map((c) => c.code!))].sort();
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code) => !(code in english))).toEqual([]);
    expect(languages.length).toBeGreaterThan(0);
    for (const [language, words] of languages) expect(codes.filter((code) => !words[code as keyof typeof words]), language).toEqual([]);
  });

  it("words only parameters the server sends with the code", () => {
    const missing: string[] = [];
    for (const call of calls) {
      if (!call.code || call.params === null) continue;
      for (const [language, text] of [["en", english[call.code]], ...languages.map(([l, words]) => [l, words[call.code as keyof typeof words]])] as const) {
        for (const v of variables(text ?? "")) if (!call.params.includes(v)) missing.push(`${call.where} ${call.code} (${language}): {${v}}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
