import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "server/**/*.test.ts", "shared/**/*.test.ts"],
    globalSetup: ["test/synapse/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Most of a test's time is spent waiting on the homeserver, the bridge or the browser, so two
    // files at a time keep a 2-core machine busy (vitest's default there is one). TEST_WORKERS=1
    // runs them one by one.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
    // expect.poll waits on a homeserver, a job or a browser: 1 s (vitest's default) is a flake on a
    // busy runner; a poll still returns as soon as its condition holds.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // In CI a test gets one more try, so a timing flake on a loaded runner does not block landing;
    // the summary reporter names every test that needed it, so flakes stay visible and get fixed.
    retry: process.env.CI === "true" ? 1 : 0,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
