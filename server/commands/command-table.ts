import type { CommandSpec } from "./command-spec.ts";
import { help, status, rooms, confirm } from "./entries/general.ts";
import { createRoom, invite } from "./entries/rooms.ts";
import { conflict, announce, ban, kick } from "./entries/moderation.ts";
import { job, jobs, cancel } from "./entries/jobs.ts";
import { bridge } from "./entries/bridges.ts";
import { syncPlan, syncApply } from "./entries/sync.ts";

/**
 * Every chat command, in the order `help` lists them. An action-backed command is one
 * `actionCommand({...})` entry naming its action; it is offered only where that action is
 * registered, so `sync plan` / `sync apply` or `bridge signal <room>` are one entry each here.
 */
export const commandTable: CommandSpec[] = [help, status, rooms, createRoom, invite, conflict, announce, ban, kick, syncPlan, syncApply, bridge, job, jobs, cancel, confirm];
