import { configOrExit } from "./cli/exit-on-config-error.ts";
import { startServer } from "./server.ts";

const config = configOrExit();
const server = await startServer(config);
process.stdout.write(`Dashboard running at ${server.url} (widget: ${server.url}/widget/)\n`);

const shutdown = async () => {
  await server.close();
  process.exit(0);
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
