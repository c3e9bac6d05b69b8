import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Bundles the server for `npm start` (server/start.js runs this when the bundle is missing or
 * stale): one ES module of our own code, packages left to node_modules. Running it instead of the
 * TypeScript sources saves the type stripping and the module graph's bookkeeping at run time
 * (about 15 MB of idle memory, measured by `npm run bench idle-memory`). The list of files it was
 * built from (inputs.json) is what start.js compares against.
 */
const root = import.meta.dirname;
const outdir = path.join(root, "dist/server");
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [path.join(root, "server/main.ts")],
  bundle: true,
  write: false,
  metafile: true,
  platform: "node",
  format: "esm",
  target: "node24",
  packages: "external",
  // Whitespace and syntax only: identifiers keep their names, so a stack trace still names the function.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
// Written under temporary names and renamed, so two starts at once never run a half-written bundle.
const bundle = result.outputFiles[0]!;
const inputs = [...Object.keys(result.metafile.inputs), "esbuild.server.ts", "package.json", "package-lock.json"];
const tmp = `.${process.pid}`;
writeFileSync(path.join(outdir, `main.js${tmp}`), bundle.contents);
writeFileSync(path.join(outdir, `inputs.json${tmp}`), JSON.stringify(inputs));
renameSync(path.join(outdir, `inputs.json${tmp}`), path.join(outdir, "inputs.json"));
renameSync(path.join(outdir, `main.js${tmp}`), path.join(outdir, "main.js"));
