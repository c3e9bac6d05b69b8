import { Command } from "commander";
import { benchDirectory } from "./directory.ts";
import { benchAnnounce } from "./announce.ts";
import { benchAnnounceEncrypted } from "./announce-encrypted.ts";
import { benchAuthentikSync } from "./authentik-sync.ts";
import { benchAuthentikScale } from "./authentik-scale.ts";
import { benchIdleMemory } from "./idle-memory.ts";
import { benchPolicyLists } from "./policy-lists.ts";
import { formatResult, type BenchResult } from "./result.ts";

/** `npm run bench`: each benchmark against its naive baseline in one run, figures printed. */
const benches: Record<string, (log: (line: string) => void) => Promise<BenchResult[]>> = {
  directory: benchDirectory,
  announce: benchAnnounce,
  "announce-encrypted": benchAnnounceEncrypted,
  "authentik-sync": benchAuthentikSync,
  "authentik-scale": benchAuthentikScale,
  "idle-memory": benchIdleMemory,
  "policy-lists": benchPolicyLists,
};

const program = new Command("bench").argument("[names...]", `which benchmarks (${Object.keys(benches).join(", ")}); all by default`).parse();
const wanted = program.args.length ? program.args : Object.keys(benches);
const log = (line: string) => process.stderr.write(`  … ${line}\n`);
const results: BenchResult[] = [];
for (const name of wanted) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown benchmark ${name}`);
  process.stdout.write(`\n== ${name}\n`);
  for (const result of await bench(log)) {
    results.push(result);
    process.stdout.write(formatResult(result) + "\n");
  }
}
process.stdout.write(`\n${results.filter((r) => r.met).length} of ${results.length} goals met\n`);
// Ended explicitly: a client with an open native crypto machine (the encrypted bench's members) would otherwise end with exit code 134.
process.exit(0);
