import { Command } from "commander";
import { readFileSync } from "node:fs";
import { DashboardClient } from "./api-client.ts";
import type { ActionName } from "../../../shared/action-map.ts";
import { readEnvironment } from "../../kernel/config/env-file.ts";
import { formatReport } from "./health-format.ts";
import { addBridgeLoginCommands } from "./bridge-login.ts";

const env = readEnvironment();
const program = new Command("dashboard")
  .description("Community Dashboard from the command line: the same API and permissions as the widget, with an API token")
  .option("--url <url>", "dashboard URL (DASHBOARD_URL, else PUBLIC_URL)", env.DASHBOARD_URL ?? env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8787}`)
  .option("--token <token>", "API token (DASHBOARD_TOKEN)", env.DASHBOARD_TOKEN)
  .option("--json", "print machine-readable JSON");

const client = () => {
  const o = program.opts<{ url: string; token?: string }>();
  if (!o.token) throw new Error("No API token: create one in the widget (Automation) and set DASHBOARD_TOKEN or pass --token.");
  return new DashboardClient(o.url, o.token);
};
const json = () => program.opts<{ json?: boolean }>().json === true;
const print = (value: unknown, human: () => string) => process.stdout.write((json() ? JSON.stringify(value, null, 2) : human()) + "\n");

function progressBar(job: any): string {
  const finished = job.done + job.failed + job.skipped;
  const width = 30;
  const filled = job.total ? Math.round((finished / job.total) * width) : width;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${finished}/${job.total} ${job.state}${job.message ? ` (${job.message})` : ""}`;
}

/** Applies an action; when it starts a job, follows it with a progress bar (stderr) until it ends. */
async function applyAndFollow(name: ActionName, input: object, dryRun: boolean): Promise<void> {
  const c = client();
  const res = await c.action(name, dryRun ? "plan" : "apply", input);
  const jobId = (res.result as { jobId?: string | null } | undefined)?.jobId;
  if (!jobId) {
    print(res, () => JSON.stringify(dryRun ? res.plan : res.result, null, 2));
    return;
  }
  const final = await c.follow(jobId, (job) => {
    if (!json() && process.stderr.isTTY) process.stderr.write(`\r${progressBar(job)}`);
  });
  if (!json()) process.stderr.write(process.stderr.isTTY ? "\n" : `${progressBar(final)}\n`);
  print({ ...res, job: final }, () => `job ${jobId}: ${final.state}, ${final.done} done, ${final.failed} failed, ${final.skipped} skipped`);
  if (final.failed) process.exitCode = 1;
}

const rooms = program.command("rooms").description("room directory and creation");
rooms
  .command("list")
  .option("--search <text>")
  .option("--limit <n>", "rooms per page", "50")
  .action(async (o: { search?: string; limit: string }) => {
    const q = new URLSearchParams({ limit: o.limit, ...(o.search ? { search: o.search } : {}) });
    const page = await client().request("GET", `/api/rooms?${q}`);
    print(page, () =>
      [`${page.total} rooms`, ...page.rooms.map((r: any) => `${r.roomId}  ${r.name ?? "(no name)"}  ${r.canonicalAlias ?? ""}  ${r.members} members${r.encrypted ? "  encrypted" : ""}`)].join("\n"),
    );
  });
rooms
  .command("create")
  .requiredOption("--template <id>", "template id, e.g. community, announcements, conflict, test")
  .option("--name <name>")
  .option("--topic <topic>")
  .option("--alias <localpart>")
  .option("--invite <users...>", "Matrix IDs to invite")
  .option("--dry-run", "show the plan only")
  .action(async (o: { template: string; name?: string; topic?: string; alias?: string; invite?: string[]; dryRun?: boolean }) => {
    const input = { template: o.template, name: o.name, topic: o.topic, alias: o.alias, invitees: o.invite ?? [], idempotencyKey: `cli-${crypto.randomUUID()}` };
    const res = await client().action("rooms.create", o.dryRun ? "plan" : "apply", input);
    print(res, () => (o.dryRun || !res.result ? JSON.stringify(res.plan, null, 2) : `created ${res.result.roomId}${res.result.alias ? ` (${res.result.alias})` : ""}`));
  });

program
  .command("announce")
  .description("send an announcement (Markdown) to all rooms or chosen rooms")
  .option("--rooms <ids...>", "room IDs (default: every room the bot is in)")
  .option("--file <path>", "read the message from a file")
  .option("--plaintext-in-encrypted", "also post unencrypted into encrypted rooms")
  .option("--notify", "mention @room where the bot may notify everyone")
  .option("--pin", "pin the announcement where the bot may")
  .option("--dry-run", "show the target count and skipped rooms only")
  .argument("[message...]", "the message (or --file)")
  .action(async (words: string[], o: { rooms?: string[]; file?: string; plaintextInEncrypted?: boolean; notify?: boolean; pin?: boolean; dryRun?: boolean }) => {
    const markdown = o.file ? readFileSync(o.file, "utf8") : words.join(" ");
    const targets = o.rooms?.length ? { kind: "rooms", rooms: o.rooms } : { kind: "all" };
    const input = {
      markdown,
      targets,
      plaintextInEncryptedRooms: o.plaintextInEncrypted ?? false,
      notifyRoom: o.notify ?? false,
      pin: o.pin ?? false,
      idempotencyKey: `cli-${crypto.randomUUID()}`,
    };
    await applyAndFollow("announcements.send", input, o.dryRun ?? false);
  });

const sync = program.command("sync").description("Authentik ↔ Matrix sync");
const counts = (plan: any) => Object.entries(plan.counts ?? {}).map(([kind, n]) => `  ${kind}: ${n}`);
sync
  .command("plan")
  .description("plan a sync; the plan is stored on the server and shown as a summary")
  .action(async () => {
    const { plan } = await client().action("sync.accounts", "plan", {});
    print(plan, () =>
      [
        `plan ${plan.planId}: ${plan.total} changes (${plan.read.users} users read)`,
        ...counts(plan),
        ...plan.attention.map((a: { text: string }) => `attention: ${a.text}`),
        ...plan.warnings.map((w: { text: string }) => `warning: ${w.text}`),
        ...(plan.moreWarnings ? [`… and ${plan.moreWarnings} more warnings`] : []),
        ...(plan.total ? [`see the changes with \`sync changes ${plan.planId} <kind>\`, apply with \`sync apply --plan ${plan.planId}\``] : []),
      ].join("\n"),
    );
  });
sync
  .command("changes <planId> <kind>")
  .description("one page of a stored plan's changes of one kind")
  .option("--offset <n>", "changes to skip", "0")
  .option("--limit <n>", "changes per page (at most 500)", "100")
  .action(async (planId: string, kind: string, o: { offset: string; limit: string }) => {
    const page = await client().request("GET", `/api/sync/plans/${encodeURIComponent(planId)}/changes?kind=${encodeURIComponent(kind)}&offset=${Number(o.offset)}&limit=${Number(o.limit)}`);
    print(page, () =>
      [...page.changes.map((c: any) => `${c.id}  (${c.why})`), `${page.offset + page.changes.length} of ${page.total}${page.next !== null ? `; next: --offset ${page.next}` : ""}`].join("\n"),
    );
  });
sync
  .command("apply")
  .description("apply a stored plan (--plan), or plan and apply at once")
  .option("--plan <id>", "the stored plan to apply, as `sync plan` printed it")
  .action(async (o: { plan?: string }) => applyAndFollow("sync.accounts", o.plan ? { planId: o.plan } : {}, false));

const bridge = program.command("bridge").description("bridges: health and the bot's login");
addBridgeLoginCommands(bridge, { client, json, print });
bridge
  .command("status")
  .description("configured bridges and bridged rooms' health")
  .action(async () => {
    const c = client();
    const [bridges, page] = await Promise.all([c.request("GET", "/api/bridges"), c.request("GET", "/api/rooms?bridged=true&limit=500")]);
    print({ bridges, rooms: page.rooms }, () =>
      [
        ...bridges.map((b: any) => `bridge ${b.network}: bot ${b.bot}${b.provisioning ? ", provisioning API" : ", commands only"}`),
        ...page.rooms.map((r: any) => `${r.bridgeHealth?.status ?? "?"}  ${r.name ?? r.roomId}  ${r.bridge?.protocol ?? ""} ${r.bridge?.channel ?? ""}`),
      ].join("\n"),
    );
  });

program
  .command("doctor")
  .description("the dashboard's health checks, as the running server sees them")
  .action(async () => {
    const report = await client().request("GET", "/api/health");
    print(report, () => formatReport(report));
    if (!report.ok) process.exitCode = 1;
  });

program
  .command("install-widget")
  .description("add and pin the widget in the moderator room")
  .option("--dry-run")
  .action(async (o: { dryRun?: boolean }) => applyAndFollow("widget.install", {}, o.dryRun ?? false));

program
  .command("action")
  .description("run any action by name with a JSON input (see /api/openapi.json)")
  .argument("<name>")
  .argument("<json>", "input as JSON")
  .option("--dry-run")
  // A name typed at the prompt: the server refuses one it does not know, naming it.
  .action(async (name: string, input: string, o: { dryRun?: boolean }) => applyAndFollow(name as ActionName, JSON.parse(input), o.dryRun ?? false));

try {
  await program.parseAsync();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
