import { build, type Metafile } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

const root = import.meta.dirname;
const outdir = path.join(root, "dist/widget");
const WIDGET_BUDGET_GZIP = 35 * 1024;

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const { metafile } = await build({
  entryPoints: [path.join(root, "widget/main.tsx")],
  outdir,
  bundle: true,
  // Each screen is a chunk of its own, loaded when its tab is first opened; the shell (sign-in,
  // header, tabs) stays the same size however many screens there are. Chunks are same-origin
  // files under /widget/chunks/, so `script-src 'self'` covers them; the hash in their names
  // lets them be cached for good.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  metafile: true,
  minify: true,
  format: "esm",
  target: ["es2022"],
  jsx: "automatic",
  jsxImportSource: "preact",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
  // The package's main entry is CommonJS, which cannot be tree-shaken (about 25 KB gzip); its
  // shipped ESM sources can, down to the WidgetApi the widget uses (about 6 KB).
  // Its `events` dependency (Node's EventEmitter for browsers, about 2 KB gzip) gives way to the
  // four methods the API calls.
  alias: { "matrix-widget-api": "matrix-widget-api/src/index.ts", events: path.join(root, "widget/event-emitter.ts") },
});
copyFileSync(path.join(root, "widget/index.html"), path.join(outdir, "index.html"));
copyFileSync(path.join(root, "widget/ui/theme.css"), path.join(outdir, "theme.css"));

const outputs = metafile.outputs;
const relative = (file: string) => path.relative(root, path.resolve(root, file));
const gzipOf = (file: string) => gzipSync(readFileSync(path.resolve(root, file))).length;

/** The entry and every chunk it imports statically: what the browser must load before the widget shows anything. */
function shellFiles(meta: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of meta.outputs[file]?.imports ?? []) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

const entry = Object.keys(outputs).find((file) => relative(file) === "dist/widget/main.js")!;
const js = Object.keys(outputs).filter((file) => file.endsWith(".js"));
const sum = (files: string[]) => ({ raw: files.reduce((n, f) => n + outputs[f]!.bytes, 0), gzip: files.reduce((n, f) => n + gzipOf(f), 0) });
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const shell = sum(shellFiles(metafile, entry));
const total = sum(js);
const verdict = shell.gzip <= WIDGET_BUDGET_GZIP ? "within" : "OVER";
process.stdout.write(
  `widget shell (initial load): ${kb(shell.raw)}, ${kb(shell.gzip)} gzip (${verdict} the ${WIDGET_BUDGET_GZIP / 1024} KB budget)\n` +
    `widget total: ${js.length} files, ${kb(total.raw)}, ${kb(total.gzip)} gzip\n`,
);
if (process.env.WIDGET_SIZES === "1") {
  for (const file of js.sort((a, b) => gzipOf(b) - gzipOf(a))) process.stdout.write(`  ${kb(gzipOf(file)).padStart(9)}  ${relative(file)}\n`);
}
