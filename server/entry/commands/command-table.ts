import type { CommandSpec } from "../../kernel/commands/command-spec.ts";
import { help, status, rooms, confirm } from "./general-commands.ts";
import { createRoom, invite } from "../../features/rooms/commands.ts";
import { conflict, announce, ban, kick } from "../../features/moderation/commands.ts";
import { job, jobs, cancel } from "./job-commands.ts";
import { bridge } from "../../features/bridges/commands.ts";
import { syncPlan, syncApply } from "../../features/sync/commands.ts";

/**
 * Every chat command, in the order `help` lists them. An action-backed command is one
 * `actionCommand({...})` entry naming its action; it is offered only where that action is
 * registered, so `sync plan` / `sync apply` or `bridge signal <room>` are one entry each here.
 */
export const commandTable: CommandSpec[] = [help, status, rooms, createRoom, invite, conflict, announce, ban, kick, syncPlan, syncApply, bridge, job, jobs, cancel, confirm];
