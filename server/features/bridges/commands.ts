import { actionCommand } from "../../kernel/commands/action-command.ts";
import { roomId, wordReader, type WordCaps } from "../../kernel/commands/arguments.ts";
import { UsageError } from "../../kernel/commands/command-spec.ts";
import { blocks, list, rich } from "../../kernel/commands/rich-text.ts";
import { BridgeNetwork, type BridgePlan } from "../../../shared/bridges.ts";

export const bridge = actionCommand<BridgePlan, unknown, WordCaps>({
  name: ["bridge"],
  usage: "<signal|whatsapp|telegram> <room> [group name…]",
  summary: "Create a new group on the bridged network for a room and bridge them; asks for confirmation",
  action: "bridges.create-group",
  capabilities: wordReader,
  confirm: true,
  async input(ctx, { words }) {
    const [network, room, ...name] = words;
    const parsed = BridgeNetwork.safeParse(network?.toLowerCase());
    if (!parsed.success) throw new UsageError("Name the network first: signal, whatsapp or telegram.");
    if (!room) throw new UsageError("Name the room to bridge (#alias or !id).");
    return { room: await roomId(ctx.caps.bot, room), bridge: parsed.data, ...(name.length ? { groupName: name.join(" ") } : {}) };
  },
  describePlan: (plan) => blocks(rich`🌉 Bridging with ${plan.network} through ${plan.bridgeBot}:`, list(plan.steps.map((s) => s.text)), ...plan.warnings.map((w) => w.text)),
  describeResult: ({ plan }) => rich`🌉 The room is now bridged with a new ${plan.network} group.`,
});
