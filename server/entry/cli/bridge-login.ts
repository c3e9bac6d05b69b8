import type { Command } from "commander";
import { renderUnicodeCompact } from "uqr";
import type { DashboardClient } from "./api-client.ts";
import type { BridgeLoginProgress, BridgeLoginStep, BridgeNetwork } from "../../../shared/bridges.ts";
import { Prompt } from "./prompt.ts";

type Out = { client(): DashboardClient; json(): boolean; print(value: unknown, human: () => string): void };

/** `--field id=value` (repeatable), for a user_input step when no one types at a terminal. */
function fieldsOf(pairs: string[] = []): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at < 1) throw new Error(`--field ${pair}: write it as <field id>=<value>.`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** A step for a person at a terminal: the QR code drawn with block characters, a code, or the fields asked for. */
function describeStep(network: string, step: BridgeLoginStep): string {
  const cancel = `cancel with: dashboard bridge login cancel ${network} ${step.loginId}`;
  if (step.type === "complete") return `logged in${step.loginName ? ` as ${step.loginName}` : ""} (login ${step.userLoginId})`;
  if (step.type === "user_input") return [step.instructions, ...step.fields.map((f) => `  ${f.id}: ${f.name}${f.description ? ` (${f.description})` : ""}`), `login ${step.loginId}, step ${step.stepId}; ${cancel}`].filter(Boolean).join("\n");
  const { display } = step;
  return [
    display.type === "qr" && display.data ? renderUnicodeCompact(display.data, { border: 2 }) : display.data ? `  ${display.data}` : "",
    step.instructions,
    `login ${step.loginId}: waiting for the bridge…; ${cancel}`,
  ].filter(Boolean).join("\n");
}

/**
 * `bridge login …`: the same actions as the widget's login (bridges.login, -wait, -input, -cancel),
 * so the token's scope and its creator's standing are checked and every step is audited.
 */
export function addBridgeLoginCommands(bridge: Command, out: Out): void {
  const login = bridge.command("login").description("log the dashboard's bot into a bridge (QR code in the terminal, or the fields it asks for)");
  const say = (network: string, step: BridgeLoginStep) => out.print(step, () => describeStep(network, step));

  /** Asks the bridge for the step after `step` until the login completes; fields come from --field or the terminal. */
  async function follow(network: BridgeNetwork, step: BridgeLoginStep, given: Record<string, string>): Promise<BridgeLoginStep> {
    const c = out.client();
    let prompt: Prompt | undefined;
    try {
      for (;;) {
        say(network, step);
        if (step.type === "complete") return step;
        let progress: BridgeLoginProgress;
        if (step.type === "display_and_wait") {
          do progress = (await c.action("bridges.login-wait", "apply", { bridge: network, loginId: step.loginId, stepId: step.stepId })).result!;
          while (progress.waiting);
        } else {
          const fields: Record<string, string> = {};
          for (const f of step.fields) {
            if (given[f.id] !== undefined) fields[f.id] = given[f.id]!;
            else if (process.stdin.isTTY) fields[f.id] = await (prompt ??= new Prompt())[f.type === "password" ? "secret" : "ask"](f.name);
            else throw new Error(`The bridge asks for ${f.id}: pass --field ${f.id}=<value>.`);
          }
          progress = (await c.action("bridges.login-input", "apply", { bridge: network, loginId: step.loginId, stepId: step.stepId, fields })).result!;
        }
        if (!progress.waiting) step = progress.step;
      }
    } finally {
      prompt?.close();
    }
  }

  login
    .command("start <network>")
    .description("start a login and follow it: shows the QR code, waits for the scan, asks for fields")
    .option("--flow <id>", "the bridge's login flow (default: QR code where it offers one)")
    .option("--field <id=value...>", "a value for a field the bridge asks for (else asked at the terminal)")
    .action(async (network: BridgeNetwork, o: { flow?: string; field?: string[] }) => {
      const given = fieldsOf(o.field);
      const started = (await out.client().action("bridges.login", "apply", { bridge: network, ...(o.flow ? { flowId: o.flow } : {}) })).result!;
      // Ctrl-C ends the login on the bridge too, so the code shown stops working.
      const stop = () => void out.client().action("bridges.login-cancel", "apply", { bridge: network, loginId: started.loginId }).finally(() => process.exit(130));
      process.once("SIGINT", stop);
      try {
        await follow(network, started, given);
      } finally {
        process.off("SIGINT", stop);
      }
    });
  login
    .command("status <network>")
    .description("the bot's logins on the bridge and the login flows it offers")
    .action(async (network: BridgeNetwork) => {
      const { plan } = await out.client().action("bridges.login", "plan", { bridge: network });
      out.print(plan, () =>
        [
          plan.logins.length ? plan.logins.map((l) => `${plan.actingUser} is logged in as ${l.name} (${l.state}, login ${l.id})`).join("\n") : `${plan.actingUser} has no login on the ${network} bridge`,
          `login flows: ${plan.flows.map((f) => f.id).join(", ")}`,
        ].join("\n"),
      );
    });
  login
    .command("wait <network> <loginId> <stepId>")
    .description("wait for a display step of a login in progress (QR code scanned) and follow it to the end")
    .action(async (network: BridgeNetwork, loginId: string, stepId: string) => {
      let progress: BridgeLoginProgress;
      do progress = (await out.client().action("bridges.login-wait", "apply", { bridge: network, loginId, stepId })).result!;
      while (progress.waiting);
      await follow(network, progress.step, {});
    });
  login
    .command("input <network> <loginId> <stepId>")
    .description("submit the fields a step asks for, then follow the login to the end")
    .requiredOption("--field <id=value...>", "a field's value")
    .action(async (network: BridgeNetwork, loginId: string, stepId: string, o: { field: string[] }) => {
      const progress = (await out.client().action("bridges.login-input", "apply", { bridge: network, loginId, stepId, fields: fieldsOf(o.field) })).result!;
      if (!progress.waiting) await follow(network, progress.step, {});
    });
  login
    .command("cancel <network> <loginId>")
    .description("cancel a login in progress (its QR code stops working)")
    .action(async (network: BridgeNetwork, loginId: string) => {
      const res = await out.client().action("bridges.login-cancel", "apply", { bridge: network, loginId });
      out.print(res.result, () => `login ${loginId} cancelled`);
    });
}
