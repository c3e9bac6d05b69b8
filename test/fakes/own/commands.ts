import { Confirmations } from "../../../server/kernel/commands/confirmations.ts";
import type { CommandContext, CommandSpec } from "../../../server/kernel/commands/command-spec.ts";
import type { ActionRunner } from "../../../server/kernel/commands/action-command.ts";
import type { Rich } from "../../../server/kernel/commands/rich-text.ts";
import type { Actor } from "../../../server/kernel/runtime/define-action.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

/** One call of an action command's runner: who ran it (actor), with what input, plan or apply. */
export type RunnerCall = { actor: Actor; input: unknown; mode: "plan" | "apply" };

/**
 * Stands in for an action command's `runAction` capability (our action runtime, tested against
 * Synapse elsewhere): records every call and answers with the plan and result the test gives.
 */
export function fakeActionRunner(answer: (input: any) => { plan: unknown; result?: unknown }) {
  const calls: RunnerCall[] = [];
  const runAction: ActionRunner = async (caller, input, mode) => {
    calls.push({ actor: caller.actor, input, mode });
    const { plan, result } = answer(input);
    return mode === "plan" ? { action: "fake", plan } : { action: "fake", plan, result };
  };
  return { calls, runAction };
}

/**
 * A chat command's context as the dispatcher builds it for one message from `sender` at `powerLevel`,
 * with the given capabilities; replies and followed jobs are recorded. Pass one `confirmations` to
 * several contexts to confirm in a later message.
 */
export function fakeCommandContext<C>(caps: C, options: { sender: string; powerLevel: number; confirmations: Confirmations; eventId?: string }) {
  const replies: Rich[] = [];
  const followed: string[] = [];
  const eventId = options.eventId ?? "$command";
  const ctx: CommandContext<C> = {
    caps,
    caller: { actor: { kind: "command", id: options.sender, userId: options.sender, powerLevel: options.powerLevel }, logger: silentLogger(), requestId: eventId },
    sender: options.sender,
    prefix: "!dash",
    idempotencyKey: `cmd-${eventId}`,
    confirmations: options.confirmations,
    commands: [] as CommandSpec[],
    reply: async (message) => {
      replies.push(message);
      return `$reply-${replies.length}`;
    },
    followJob: async (jobId) => void followed.push(jobId),
  };
  return { ctx, replies, followed };
}
