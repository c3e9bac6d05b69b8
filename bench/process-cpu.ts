import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
export function processCpuMs(pid: number): number {
  // Fields after the command name: state is index 0, utime 11, stime 12.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
