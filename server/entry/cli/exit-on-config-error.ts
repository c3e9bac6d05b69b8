import { ConfigError, loadConfig, type Config } from "../../kernel/config/config.ts";
import { readEnvironment } from "../../kernel/config/env-file.ts";

/** For command-line entry points: a configuration problem ends the process with its message, never a stack trace. */
export function configOrExit(): Config {
  try {
    return loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + "\n");
      process.exit(2);
    }
    throw err;
  }
}
