import { createLogger, SecretScrubber } from "../../server/kernel/log/log.ts";

export const silentLogger = () => createLogger({ level: "silent", scrubber: new SecretScrubber() });
