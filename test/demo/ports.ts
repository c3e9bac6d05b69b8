import net from "node:net";
import { freePort } from "../synapse/free-port.ts";

/** The preferred port when nothing listens on it (so demo URLs stay the same between runs), else any free one. */
export function preferredPort(preferred: number | undefined): Promise<number> {
  if (!preferred) return freePort();
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(freePort()));
    probe.listen(preferred, "127.0.0.1", () => probe.close(() => resolve(preferred)));
  });
}
