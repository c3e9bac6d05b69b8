import type { CommandArgs, CommandSpec } from "../../kernel/commands/command-spec.ts";

/** The command whose name the words start with (the longest, so `room create` wins over `room`). */
export function findCommand(commands: CommandSpec[], words: string[]): { spec: CommandSpec; args: CommandArgs["words"] } | undefined {
  const lower = words.map((w) => w.toLowerCase());
  let best: CommandSpec | undefined;
  for (const spec of commands) {
    const matches = spec.name.every((n, i) => lower[i] === n);
    if (matches && (!best || spec.name.length > best.name.length)) best = spec;
  }
  return best && { spec: best, args: words.slice(best.name.length) };
}
