import { actionCommand } from "../../kernel/commands/action-command.ts";
import { UsageError, type CommandSpec } from "../../kernel/commands/command-spec.ts";
import { blocks, code, list, rich } from "../../kernel/commands/rich-text.ts";
import { BridgeNetwork, type BridgeLoginPlan, type BridgeLoginStepPlan } from "../../../shared/bridges.ts";

/*
 * In chat a moderator can see the bot's bridge logins and cancel one in progress, but not start or
 * step through one: the QR code (or the pairing code, the phone number and code typed in) would be
 * posted in the moderator room, where every member reads it, it stays in the history for anyone who
 * joins later, and whoever scans it first links their own phone as the community's account. The
 * widget shows the code to the moderator who asked only; the CLI shows it in that person's terminal.
 */

function network(word: string | undefined): BridgeNetwork {
  const parsed = BridgeNetwork.safeParse(word?.toLowerCase());
  if (!parsed.success) throw new UsageError("Name the network: signal, whatsapp or telegram.");
  return parsed.data;
}

export const bridgeLoginStatus = actionCommand<BridgeLoginPlan, unknown>({
  name: ["bridge", "login", "status"],
  usage: "<signal|whatsapp|telegram>",
  summary: "The bot's logins on a bridge (start a login in the widget or the CLI: its QR code is not for this room)",
  action: "bridges.login",
  mode: "plan",
  input: (_ctx, { words }) => ({ bridge: network(words[0]) }),
  describePlan: (plan, ctx) =>
    blocks(
      plan.logins.length
        ? rich`🔑 ${plan.actingUser} is logged into the ${plan.network} bridge:`
        : rich`🔑 ${plan.actingUser} has no login on the ${plan.network} bridge.`,
      plan.logins.length ? list(plan.logins.map((l) => rich`${l.name} (${l.state}, login ${code(l.id)})`)) : false,
      rich`To log in, use the widget's Bridges screen or ${code(`dashboard bridge login start ${plan.network}`)}: the QR code would be seen by everyone in this room. A login left open can be stopped with ${code(`${ctx.prefix} bridge login cancel ${plan.network} <login ID>`)}.`,
    ),
});

export const bridgeLoginCancelCommand = actionCommand<BridgeLoginStepPlan, unknown>({
  name: ["bridge", "login", "cancel"],
  usage: "<signal|whatsapp|telegram> <login ID>",
  summary: "Cancel a bridge login in progress (its QR code stops working)",
  action: "bridges.login-cancel",
  input(_ctx, { words }) {
    const bridge = network(words[0]);
    if (!words[1]) throw new UsageError("Give the login's ID (the CLI shows it while the login runs).");
    return { bridge, loginId: words[1] };
  },
  describeResult: ({ plan }) => rich`🔑 The ${plan.network} login ${code(plan.loginId)} is cancelled; its code no longer works.`,
});

export const bridgeLoginCommands: CommandSpec[] = [bridgeLoginStatus, bridgeLoginCancelCommand];
