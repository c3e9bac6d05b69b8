import type { CommandSpec } from "../../kernel/commands/command-spec.ts";
import type { Feature } from "../../kernel/feature.ts";
import { help, status, rooms, confirm } from "./general-commands.ts";
import { job, jobs, cancel } from "./job-commands.ts";

/**
 * Every chat command, in the order `help` lists them: the general ones, then each feature's (a
 * feature owns its commands), then the job commands. An action-backed command is one
 * `actionCommand({...})` entry naming its action; it is offered only where that action is
 * registered, so `sync plan` / `sync apply` or `bridge signal <room>` are one entry each.
 */
export function commandTable(features: Feature[]): CommandSpec[] {
  return [help, status, rooms, ...features.flatMap((f) => f.commands ?? []), job, jobs, cancel, confirm];
}
