import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readEnvFile, updateEnvFile } from "../../../server/kernel/config/env-file.ts";

describe("updating .env", () => {
  it("replaces lines in place, appends new ones, keeps comments and other lines, mode 0600", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "dash-env-")), ".env");
    writeFileSync(file, "# notes\nMATRIX_ACCESS_TOKEN=old\nLOG_LEVEL=warn\n\nexport PORT=9000\n", { mode: 0o644 });
    updateEnvFile(file, { MATRIX_ACCESS_TOKEN: "syt_new", PORT: "9001", MATRIX_MODERATOR_ROOM: "#mods:example.org" });
    expect(readFileSync(file, "utf8")).toBe(
      '# notes\nMATRIX_ACCESS_TOKEN=syt_new\nLOG_LEVEL=warn\n\nPORT=9001\nMATRIX_MODERATOR_ROOM="#mods:example.org"\n',
    );
    expect(readEnvFile(file).MATRIX_MODERATOR_ROOM).toBe("#mods:example.org");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
