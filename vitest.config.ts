import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "server/**/*.test.ts", "shared/**/*.test.ts"],
    globalSetup: ["test/synapse/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // In CI a test gets one more try, so a timing flake on a loaded runner does not block landing;
    // the summary reporter names every test that needed it, so flakes stay visible and get fixed.
    retry: process.env.CI === "true" ? 1 : 0,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
