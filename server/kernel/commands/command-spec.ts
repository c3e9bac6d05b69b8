import type { AppContext } from "../runtime/app-context.ts";
import type { Caller } from "../runtime/define-action.ts";
import type { Confirmations } from "./confirmations.ts";
import type { Rich } from "./rich-text.ts";

/**
 * What a command's handler sees: the capabilities it declared (`caps`), who sent it (as an action
 * caller, without the app), and how to answer. There is no app here, so tsc refuses a handler that
 * reaches past what it declared, and a handler unit-tests with fakes of our own adapters.
 */
export type CommandContext<C = unknown> = {
  caps: C;
  caller: Caller;
  sender: string;
  prefix: string;
  /** Stable per command message: a re-delivered command is then a no-op in the action layer. */
  idempotencyKey: string;
  confirmations: Confirmations;
  /** The commands this server offers (for help). */
  commands: CommandSpec[];
  reply(message: Rich): Promise<string>;
  /** Posts one progress message for the job and keeps editing it until the job ends. */
  followJob(jobId: string, label?: string): Promise<void>;
};

/** The words after the command's name, and the text on the lines after the first. */
export type CommandArgs = { words: string[]; body: string };

/**
 * A chat command. Like an action, `capabilities(app)` picks the few adapters and reads it uses
 * (typed narrowly); the dispatcher builds them for each run and `run` sees only those.
 */
export type CommandSpec<C = any> = {
  /** The words naming the command, e.g. ["room", "create"]. */
  name: string[];
  /** The arguments part of the usage line, e.g. "<template> <name…>". */
  usage: string;
  summary: string;
  /** The action it runs; the command is offered only on servers where that action exists. */
  action?: string;
  capabilities(app: AppContext): C;
  run(ctx: CommandContext<C>, args: CommandArgs): Promise<void>;
};

/** A command with its capabilities' type inferred from `capabilities`, so `run` sees them typed. */
export function defineCommand<C>(spec: CommandSpec<C>): CommandSpec<C> {
  return spec;
}

/** Bad or missing arguments: the reply shows the message and the command's usage. */
export class UsageError extends Error {}

export function usageLine(prefix: string, spec: CommandSpec): string {
  return `${prefix} ${spec.name.join(" ")}${spec.usage ? ` ${spec.usage}` : ""}`;
}
