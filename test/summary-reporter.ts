import type { Reporter, SerializedError, TestModule } from "vitest/node";

/**
 * Prints the plain "N passed, N failed" closing line that CI reads, after vitest's own summary.
 * A file whose set-up hook failed counts as a failure even though its tests never ran, and so
 * does every unhandled error.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const flaky: string[] = [];
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed" && test.diagnostic()?.flaky) flaky.push(`${module.moduleId.replace(process.cwd() + "/", "")} > ${test.fullName}`);
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      if (failedHere === 0 && module.state() === "failed") failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    for (const name of flaky) process.stdout.write(`\nflaky (passed on its retry): ${name}`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
