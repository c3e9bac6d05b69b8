import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { scanCaptures } from "../helpers/capture.ts";

describe("the suite-wide secrets scan", () => {
  it("finds a secret that reached a log, and stays quiet when none did", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "scan-"));
    writeFileSync(path.join(dir, "secrets-1.txt"), "syt_supersecret_token\n");
    writeFileSync(path.join(dir, "log-1.txt"), '{"msg":"request","path":"/api/rooms"}\n');
    expect(scanCaptures(dir, []).leaks).toEqual([]);
    writeFileSync(path.join(dir, "response-1.txt"), '{"token":"syt_supersecret_token"}\n');
    expect(scanCaptures(dir, []).leaks).toEqual(["response-1.txt contains a secret starting syt_…"]);
  });
});
