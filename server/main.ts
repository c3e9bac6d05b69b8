import { configOrExit } from "./entry/cli/exit-on-config-error.ts";
import { startServer } from "./server.ts";
import { removePidFile, writePidFile } from "./kernel/config/pid-file.ts";
import { reloadAccessToken } from "./entry/token-rotation/reload-token.ts";
import { watchEnvFile } from "./entry/token-rotation/watch-env-file.ts";
import { envFilePath } from "./kernel/config/env-file.ts";
import { widgetBundleCheck } from "./entry/http/widget-dist.ts";

// Before anything else: without the built widget Element would frame an empty page.
const widget = widgetBundleCheck();
if (widget.status !== "ok") {
  process.stderr.write(`${widget.summary}\n${widget.cause}\n${widget.fix}\n`);
  process.exit(1);
}
const config = configOrExit();
const server = await startServer(config);
writePidFile(config.dataDir);
process.stdout.write(`Dashboard running at ${server.url} (widget: ${server.url}/widget/)\n`);

// `npm run rotate-token` (or `kill -HUP`) asks for the new token in .env to be taken up without a restart.
process.on("SIGHUP", () => void reloadAccessToken(server.ctx, server.logger));
// Editing .env (a secrets manager rewriting it, say) has the same effect as SIGHUP.
const stopWatching = watchEnvFile(envFilePath(), () => void reloadAccessToken(server.ctx, server.logger));

const shutdown = async () => {
  stopWatching();
  removePidFile(config.dataDir);
  await server.close();
  process.exit(0);
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
