import type { AppContext } from "../runtime/app-context.ts";
import type { ActionContext } from "../runtime/define-action.ts";
import type { Confirmations } from "./confirmations.ts";
import type { Rich } from "./rich-text.ts";

/** What a command sees: the app, who sent it (as an action actor), and how to answer. */
export type CommandContext = {
  app: AppContext;
  action: ActionContext;
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

export type CommandSpec = {
  /** The words naming the command, e.g. ["room", "create"]. */
  name: string[];
  /** The arguments part of the usage line, e.g. "<template> <name…>". */
  usage: string;
  summary: string;
  /** The action it runs; the command is offered only on servers where that action exists. */
  action?: string;
  run(ctx: CommandContext, args: CommandArgs): Promise<void>;
};

/** Bad or missing arguments: the reply shows the message and the command's usage. */
export class UsageError extends Error {}

export function usageLine(prefix: string, spec: CommandSpec): string {
  return `${prefix} ${spec.name.join(" ")}${spec.usage ? ` ${spec.usage}` : ""}`;
}
