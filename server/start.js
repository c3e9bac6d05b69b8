// `npm start`: runs the server from its bundle (dist/server/main.js), built here first when it is
// missing or older than any file it was built from. Plain JavaScript on purpose: a TypeScript
// file here would load Node's type stripper into the server process, which the bundle exists to avoid.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bundle = path.join(root, "dist/server/main.js");
const inputsFile = path.join(root, "dist/server/inputs.json");

function stale() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return true;
  const built = statSync(bundle).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
  return inputs.some((file) => !existsSync(path.join(root, file)) || statSync(path.join(root, file)).mtimeMs > built);
}

function esbuildInstalled() {
  return existsSync(path.join(root, "node_modules/esbuild/package.json"));
}

if (stale()) {
  if (!esbuildInstalled()) {
    // An install without dev dependencies: the sources run as they are (type stripping costs some memory).
    process.stderr.write("esbuild is not installed, so the server runs from its TypeScript sources (about 15 MB more memory)\n");
    await import(path.join(root, "server/main.ts"));
  } else {
    const built = spawnSync(process.execPath, ["--disable-warning=DEP0060", path.join(root, "esbuild.server.ts")], { stdio: "inherit" });
    if (built.status !== 0) {
      process.stderr.write("building the server bundle failed (see above)\n");
      process.exit(1);
    }
    await import(bundle);
  }
} else {
  await import(bundle);
}
