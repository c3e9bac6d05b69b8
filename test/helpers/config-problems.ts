import { expect } from "vitest";
import { ConfigError, loadConfig } from "../../server/kernel/config/config.ts";

/** The problems loadConfig lists for this environment (none when it is valid). */
export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}
