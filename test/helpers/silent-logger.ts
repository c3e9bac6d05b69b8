import { createLogger, SecretScrubber } from "../../server/log.ts";

export const silentLogger = () => createLogger({ level: "silent", scrubber: new SecretScrubber() });
