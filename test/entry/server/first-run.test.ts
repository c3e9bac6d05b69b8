import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../synapse/install.ts";
import { widgetDistDir } from "../../../server/entry/http/widget-dist.ts";

const run = promisify(execFile);

/** A configuration that passes validation; its homeserver (a closed port) does not matter to these checks. */
const config = {
  PATH: process.env.PATH!,
  HOME: process.env.HOME ?? os.tmpdir(),
  ENV_FILE: "/nonexistent/.env",
  MATRIX_HOMESERVER: "http://127.0.0.1:9",
  MATRIX_ACCESS_TOKEN: "syt_first_run_not_a_real_token",
  MATRIX_USER_ID: "@bot:localhost",
  MATRIX_MODERATOR_ROOM: "#moderators:localhost",
  LOG_LEVEL: "silent",
};

describe("the first run, before `npm run build`", () => {
  const unbuilt = mkdtempSync(path.join(os.tmpdir(), "dash-no-widget-"));

  it("`npm start` refuses to start and names the command that builds the widget", async () => {
    const result = await run("npm", ["start", "--silent"], { cwd: projectRoot, env: { ...config, WIDGET_DIST_DIR: unbuilt, PORT: "0" } }).catch((err) => err);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The widget is not built");
    expect(result.stderr).toContain("Run `npm run build` in the dashboard's folder");
    expect(result.stdout).not.toContain("Dashboard running");
  });

  it("`npm run doctor` fails the widget check with the same command, and passes it once the widget is built", async () => {
    const broken = await run("npm", ["run", "--silent", "doctor"], { cwd: projectRoot, env: { ...config, WIDGET_DIST_DIR: unbuilt } }).catch((err) => err);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("✘ Widget built: The widget is not built");
    expect(broken.stdout).toContain("fix:   Run `npm run build`");

    // The test suite builds the widget before it runs (npm test), so the default folder has it.
    const built = await run("npm", ["run", "--silent", "doctor"], { cwd: projectRoot, env: config }).catch((err) => err);
    expect(built.stdout).toContain(`✔ Widget built: The widget is built (${widgetDistDir}).`);
  });
});
