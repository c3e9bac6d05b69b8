import { Command, Option } from "commander";
import { envFilePath, readEnvFile } from "../../kernel/config/env-file.ts";
import { Prompt } from "../cli/prompt.ts";
import { describeForTerminal } from "../cli/describe-error.ts";
import { runSetup, type SetupAnswers } from "./run-setup.ts";
import { SetupError } from "./matrix-account.ts";

type Flags = {
  homeserver?: string;
  botUser?: string;
  botPassword?: string;
  register?: boolean;
  registrationSharedSecret?: string;
  registrationToken?: string;
  botAdmin?: boolean;
  moderatorRoom?: string;
  moderator: string[];
  moderatorLevel?: string;
  publicUrl?: string;
  installWidget?: boolean;
  container: "top" | "right";
  newToken?: boolean;
  envFile?: string;
};

const program = new Command("setup")
  .description(
    "Connect the dashboard to a homeserver: sign the bot in, prepare the moderator room, install the widget and write .env.\n" +
      "Asks for what is missing when run in a terminal; otherwise give everything as flags. Running it again changes nothing that is already right.\n" +
      "Secrets are better passed as DASHBOARD_BOT_PASSWORD, DASHBOARD_REGISTRATION_SHARED_SECRET and DASHBOARD_REGISTRATION_TOKEN than as flags (visible in ps).",
  )
  .option("--homeserver <name-or-url>", "server name (example.org, found through .well-known) or client API URL")
  .option("--bot-user <name>", "the bot account: localpart (dashboard-bot) or user ID")
  .option("--bot-password <password>", "the bot account's password (used to sign in, never stored)")
  .option("--register", "create the bot account with the registration shared secret if it does not exist")
  .option("--registration-shared-secret <secret>", "Synapse's registration_shared_secret (implies --register)")
  .option("--registration-token <token>", "a registration token, where open registration requires one (implies --register; not with --bot-admin)")
  .option("--bot-admin", "register the bot as a server admin (room directory, account sync, rate-limit overrides)")
  .option("--moderator-room <alias-or-id>", "the moderator room (default #moderators:<server>; created when missing)")
  .option("--moderator <user-id>", "a moderator to invite and raise to the moderator level (repeatable)", (v: string, all: string[]) => [...all, v], [])
  .option("--moderator-level <level>", "power level that makes a moderator (default: MODERATOR_POWER_LEVEL or 50)")
  .option("--public-url <url>", "HTTPS URL moderators' browsers reach the dashboard at (PUBLIC_URL)")
  .option("--install-widget", "install and pin the widget in the moderator room")
  .option("--no-install-widget", "do not install the widget")
  .addOption(new Option("--container <container>", "where the widget is pinned").choices(["top", "right"]).default("top"))
  .option("--new-token", "sign the bot in again even if the token in .env still works")
  .option("--env-file <path>", "the .env file to write (default: ENV_FILE or ./.env)")
  .parse();
const flags = program.opts<Flags>();

async function answers(): Promise<SetupAnswers> {
  const envFile = flags.envFile ?? envFilePath();
  const existing = readEnvFile(envFile);
  const interactive = process.stdin.isTTY === true;
  const prompt = interactive ? new Prompt() : undefined;
  try {
    const homeserver = flags.homeserver ?? (await prompt?.ask("Homeserver (server name or URL)", existing.MATRIX_HOMESERVER));
    const botUser = flags.botUser ?? (await prompt?.ask("Bot account (a dedicated account, not a person's)", existing.MATRIX_USER_ID ?? "dashboard-bot"));
    const missing = [!homeserver && "--homeserver", !botUser && "--bot-user"].filter(Boolean);
    if (missing.length) throw new SetupError(`Missing ${missing.join(" and ")}.`, "Give them as flags (no terminal to ask on); see `npm run setup -- --help`.");

    let registrationSharedSecret = flags.registrationSharedSecret ?? process.env.DASHBOARD_REGISTRATION_SHARED_SECRET;
    const registrationToken = flags.registrationToken ?? process.env.DASHBOARD_REGISTRATION_TOKEN;
    if (!registrationSharedSecret && !registrationToken && flags.register && prompt) registrationSharedSecret = await prompt.secret("Registration shared secret (homeserver.yaml)");
    if (flags.register && !registrationSharedSecret && !registrationToken) {
      throw new SetupError(
        "--register needs the registration shared secret or a registration token.",
        "Pass DASHBOARD_REGISTRATION_SHARED_SECRET (or --registration-shared-secret), or DASHBOARD_REGISTRATION_TOKEN (or --registration-token).",
      );
    }
    if (registrationToken && !registrationSharedSecret && flags.botAdmin) {
      throw new SetupError(
        "An account registered with a token cannot be made a server admin by setup.",
        "Use the registration shared secret with --bot-admin, or drop --bot-admin and grant admin later with Synapse's admin API (PUT /_synapse/admin/v2/users/<bot> {\"admin\": true}).",
      );
    }
    let botPassword = flags.botPassword ?? process.env.DASHBOARD_BOT_PASSWORD;
    let moderators = flags.moderator;
    let moderatorRoom = flags.moderatorRoom;
    let publicUrl = flags.publicUrl ?? existing.PUBLIC_URL;
    let installWidget = flags.installWidget;
    if (prompt) {
      if (!botPassword && !registrationSharedSecret && !registrationToken) {
        if (!existing.MATRIX_ACCESS_TOKEN && (await prompt.confirm("Create the bot account now (needs Synapse's registration_shared_secret)?", false))) {
          registrationSharedSecret = await prompt.secret("Registration shared secret (homeserver.yaml)");
        } else {
          botPassword = (await prompt.secret(`Password of ${botUser}${existing.MATRIX_ACCESS_TOKEN ? " (empty to keep the token in .env)" : ""}`)) || undefined;
        }
      }
      moderatorRoom ??= (await prompt.ask("Moderator room (alias or ID; created when missing)", existing.MATRIX_MODERATOR_ROOM)) || undefined;
      if (moderators.length === 0) {
        const list = await prompt.ask("Moderators to invite (user IDs, comma separated; empty for none)");
        moderators = list.split(",").map((m) => m.trim()).filter(Boolean);
      }
      if (moderators.length && !flags.moderatorLevel && !existing.MODERATOR_POWER_LEVEL) flags.moderatorLevel = await prompt.ask("Their power level", "50");
      installWidget ??= await prompt.confirm("Install and pin the widget in the moderator room?", true);
      if (installWidget && !publicUrl) publicUrl = await prompt.ask("Public HTTPS URL of the dashboard (PUBLIC_URL)");
    }
    const level = Number(flags.moderatorLevel ?? existing.MODERATOR_POWER_LEVEL ?? "50");
    if (!Number.isInteger(level) || level < 1 || level > 100) throw new SetupError(`The moderator level must be a whole number from 1 to 100 (got ${level}).`, "Fix --moderator-level.");
    return {
      homeserver: homeserver!,
      botUser: botUser!,
      botPassword,
      registrationSharedSecret,
      registrationToken,
      botAdmin: flags.botAdmin === true,
      moderatorRoom,
      moderators,
      moderatorLevel: level,
      publicUrl,
      installWidget: installWidget === true,
      widgetContainer: flags.container,
      newToken: flags.newToken === true,
      envFile,
    };
  } finally {
    prompt?.close();
  }
}

try {
  const ok = await runSetup(await answers(), (line) => process.stdout.write(line + "\n"));
  process.exitCode = ok ? 0 : 1;
} catch (err) {
  process.stderr.write(`Setup stopped: ${err instanceof SetupError ? `${err.message}\nFix: ${err.fix}` : describeForTerminal(err)}\n`);
  process.exitCode = 1;
}
