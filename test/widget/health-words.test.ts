import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../widget/views/health/health-words.ts";

const healthDir = path.join(import.meta.dirname, "../../server/features/health");
const sources = readdirSync(healthDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(path.join(healthDir, f), "utf8"))
  .join("\n");

describe("the health checks' words", () => {
  it("word every summary code the server's own checks send, and every check id's title", () => {
    const codes = [...sources.matchAll(/code: "([a-z][\w.]*)"/g)].map((m) => m[1]!);
    const skipped = [...sources.matchAll(/skipped\("(\w+)"\)/g)].map((m) => `skipped.${m[1]}`);
    const ids = [...sources.matchAll(/add\(\s*"([a-z][\w-]*)"/g)].map((m) => `title.${m[1]}`);
    expect(codes.length).toBeGreaterThan(30);
    for (const key of [...codes, ...skipped, ...ids]) expect(catalogue.english, key).toHaveProperty([key]);
  });
});
