import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Synapse } from "../test/synapse/synapse.ts";
import { seedCommunity, communityEnv, type Community } from "../test/synapse/community.ts";
import { FakeAuthentik } from "../test/fakes/authentik/fake-authentik.ts";
import { startServerProcess, signInTo, type ServerProcess } from "../test/helpers/server-process.ts";
import { formatResult, type BenchResult } from "./result.ts";
import { processCpuMs } from "./process-cpu.ts";

const GROUPS = 40;
const MB = 1024 * 1024;
const LATENCY_MS = 100;
/** After a plan the server is idle: give V8 a moment to collect what the plan left behind. */
const SETTLE_MS = 5_000;

type Run = { users: number; latencyMs: number; seconds: number; cpuSeconds: number; peakMb: number; idleMb: number; afterMb: number; total: number; pages: number; pageSize: number };

const statusKb = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) * 1024;

/** People in one to three of 40 groups, as a community's directory would have them. */
const groupsOf = (i: number) => [`group${(i % GROUPS) + 1}`, ...(i % 3 === 0 ? [`group${((i * 7) % GROUPS) + 1}`] : []), ...(i % 10 === 0 ? ["moderators"] : [])];

/** One server process per run, so each run's peak (VmHWM) and idle memory are its own. */
async function planOnce(c: Community, users: number, latencyMs: number, log: (line: string) => void): Promise<Run> {
  const fake = await FakeAuthentik.start({
    users,
    usernamePrefix: "s",
    groups: ["moderators", ...Array.from({ length: GROUPS }, (_, i) => `group${i + 1}`)],
    groupsOf,
  });
  if (latencyMs) fake.slow(latencyMs);
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(
      communityEnv(c, {
        PORT: "0",
        LOG_LEVEL: "warn",
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-scale-")),
        AUTHENTIK_URL: fake.url,
        AUTHENTIK_TOKEN: fake.token,
        AUTHENTIK_LOCALPART_TEMPLATE: `${c.tag}-{username}`,
        AUTHENTIK_MODERATOR_GROUP: "moderators",
        AUTHENTIK_SYNC_INTERVAL_MINUTES: "0",
        AUTHENTIK_TIMEOUT_MS: "30000",
      }),
    );
    const pid = server.child.pid!;
    const token = await signInTo(server, c.moderators[0]!);
    const mapped = await server.api("POST", "/api/actions/sync.map-group-rooms/apply", { token, body: { group: "group1", rooms: [c.rooms[0]!.roomId] } });
    if (mapped.status !== 200) throw new Error(`mapping a group room failed: ${mapped.text}`);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = statusKb(pid, "VmRSS");
    // Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current RSS.
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    const started = performance.now();
    const cpuBefore = processCpuMs(pid);
    const fakeCpuBefore = process.cpuUsage();
    const res = await server.api("POST", "/api/actions/sync.accounts/plan", { token, body: { scope: "full" } });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (processCpuMs(pid) - cpuBefore) / 1000;
    const fakeCpu = process.cpuUsage(fakeCpuBefore);
    const fakeCpuSeconds = (fakeCpu.user + fakeCpu.system) / 1e6;
    if (res.status !== 200) throw new Error(`plan failed: ${res.text}`);
    const plan = res.body.plan;
    if (plan.read.users !== users) throw new Error(`the plan read ${plan.read.users} of ${users} users`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const run = {
      users,
      latencyMs,
      seconds,
      cpuSeconds,
      peakMb: statusKb(pid, "VmHWM") / MB,
      idleMb: idle / MB,
      afterMb: statusKb(pid, "VmRSS") / MB,
      total: plan.total,
      pages: plan.read.pages,
      pageSize: plan.read.pageSize,
    };
    log(`${users} users, +${latencyMs} ms per answer: ${seconds.toFixed(2)} s (server CPU ${cpuSeconds.toFixed(2)} s, Authentik stand-in CPU ${fakeCpuSeconds.toFixed(2)} s), peak ${run.peakMb.toFixed(0)} MB, idle ${run.idleMb.toFixed(0)} → ${run.afterMb.toFixed(0)} MB after; ${run.total} changes, ${run.pages} pages of ${run.pageSize}, ${Buffer.byteLength(res.text)} bytes answered`);
    return run;
  } finally {
    await server?.stop();
    await fake.stop();
  }
}

const near = (r: Run) => r.afterMb <= r.idleMb * 1.25 + 10;

/**
 * `npm run bench authentik-scale`: a first plan (nobody on Matrix yet: accounts, invites, welcomes
 * for everyone) for 10,000 and 50,000 people in 40 groups, read through an Authentik stand-in
 * with its page-size cap of 100, without and with 100 ms added to every Authentik answer.
 */
export async function benchAuthentikScale(log: (line: string) => void): Promise<BenchResult[]> {
  const synapse = await Synapse.create({ log });
  await synapse.start();
  try {
    const c = await seedCommunity(synapse.info(), { moderators: 1, members: 0, extraRooms: 1, tag: "scale" });
    const small = await planOnce(c, 10_000, 0, log);
    const large = await planOnce(c, 50_000, 0, log);
    const slow = await planOnce(c, 50_000, LATENCY_MS, log);
    // Wall-clock times share the machine's two cores with whatever else runs: say how busy it was.
    log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    const perUser = (r: Run) => r.seconds / r.users;
    const linear = perUser(large) / perUser(small);
    const memory = (r: Run, label: string): BenchResult[] => [
      {
        name: `Authentik plan, ${r.users.toLocaleString("en")} users${label}, peak RSS`,
        value: r.peakMb,
        unit: "MB",
        goal: "< 250 MB",
        met: r.peakMb < 250,
        extra: `the server process's high-water mark during the plan; ${r.idleMb.toFixed(0)} MB before it`,
      },
      {
        name: `Authentik plan, ${r.users.toLocaleString("en")} users${label}, RSS after the plan`,
        value: r.afterMb,
        unit: "MB",
        goal: `near idle (≤ ${(r.idleMb * 1.25 + 10).toFixed(0)} MB: 1.25 × ${r.idleMb.toFixed(0)} MB + 10)`,
        met: near(r),
        extra: `${SETTLE_MS / 1000} s after the plan answered`,
      },
    ];
    return [
      {
        name: "Authentik plan, 50,000 users, no added latency",
        value: large.seconds,
        unit: "s",
        goal: "< 20 s",
        met: large.seconds < 20,
        extra: `server CPU ${large.cpuSeconds.toFixed(2)} s (10k: ${small.cpuSeconds.toFixed(2)} s, the machine's load aside); ${large.total.toLocaleString("en")} changes stored; ${large.pages} pages of ${large.pageSize}; 10k → 50k: ${(large.seconds / small.seconds).toFixed(2)}× the time for 5× the people (per person ${linear.toFixed(2)}× the 10k figure, linear ≈ 1)`,
      },
      ...memory(large, ""),
      {
        name: `Authentik plan, 50,000 users, ${LATENCY_MS} ms added per Authentik answer`,
        value: slow.seconds,
        unit: "s",
        goal: "< 20 s",
        met: slow.seconds < 20,
        extra: `${slow.pages} pages, ${slow.pages - 1} of them read concurrently (AUTHENTIK_FETCH_CONCURRENCY default); one after another they would take ≥ ${((slow.pages * LATENCY_MS) / 1000).toFixed(0)} s`,
      },
      ...memory(slow, `, +${LATENCY_MS} ms`),
      {
        name: "Authentik plan, 10,000 users, no added latency",
        value: small.seconds,
        unit: "s",
        goal: "linear to 50k",
        met: linear < 1.5,
        extra: `peak ${small.peakMb.toFixed(0)} MB, ${small.afterMb.toFixed(0)} MB after (${small.idleMb.toFixed(0)} MB idle); ${small.total.toLocaleString("en")} changes`,
      },
    ];
  } finally {
    await synapse.stop();
    synapse.destroy();
  }
}

if (import.meta.main) {
  for (const result of await benchAuthentikScale((line) => process.stderr.write(`  … ${line}\n`))) process.stdout.write(formatResult(result) + "\n");
}
