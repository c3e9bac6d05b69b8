import { randomBytes, randomUUID } from "node:crypto";
import type { BridgeState } from "./bridge-state.ts";
import type { Reply } from "./provisioning.ts";

const QR_STEP = "fi.mau.signal.qr";
const COMPLETE_STEP = "fi.mau.signal.complete";
const error = (status: number, errcode: string, message: string): Reply => ({ status, body: { errcode, error: message } });

type Process = {
  id: string;
  owner: string;
  /** The step the process expects next (bridgev2 ProvLogin.NextStep). */
  next: { step_id: string; type: string };
  qrData: string;
  /** display_and_wait calls still open, and the outcome for one that comes after the scan. */
  waiters: Array<(reply: Reply) => void>;
  outcome?: { reply: Reply; next?: Process["next"] };
};

/**
 * mautrix-signal's QR login through bridgev2's provisioning API: start shows a `sgnl://linkdevice`
 * link, display_and_wait stays open until a test scans it (or lets it expire), then the login
 * exists on the bridge. A failed process is gone, as bridgev2 forgets failed logins.
 */
export class FakeLogins {
  private readonly processes = new Map<string, Process>();
  private readonly state: BridgeState;

  constructor(state: BridgeState) {
    this.state = state;
  }

  flows(): Reply {
    return { status: 200, body: { flows: [{ name: "QR code", description: "Log in by scanning a QR code on the Signal app", id: "qr" }] } };
  }

  start(owner: string, flowId: string): Reply {
    if (flowId !== "qr") return error(400, "M_INVALID_PARAM", "Invalid login flow ID");
    const id = randomBytes(10).toString("hex");
    const qrData = `sgnl://linkdevice?uuid=${encodeURIComponent(randomBytes(16).toString("base64url"))}&pub_key=${encodeURIComponent(randomBytes(33).toString("base64"))}`;
    const process: Process = { id, owner, next: { step_id: QR_STEP, type: "display_and_wait" }, qrData, waiters: [] };
    this.processes.set(id, process);
    return { status: 200, body: this.qrStep(process) };
  }

  /** POST /v3/login/step/{id}/{stepID}/{type}, with bridgev2's checks in its order. */
  async step(owner: string, id: string, stepId: string, type: string): Promise<Reply> {
    const process = this.processes.get(id);
    if (!process || process.owner !== owner) return error(404, "M_NOT_FOUND", "Login not found");
    if (process.next.step_id !== stepId) return error(400, "M_BAD_STATE", "Step ID does not match");
    if (process.next.type !== type) return error(400, "M_BAD_STATE", "Step type does not match");
    if (type !== "display_and_wait") return error(400, "M_BAD_STATE", "Step type does not match");
    if (process.outcome) return this.deliver(process);
    return new Promise((resolve) => process.waiters.push(resolve));
  }

  /** Test hook: the phone scanned the QR code; the bridge now holds a login (ID: the account's ACI). */
  scanQr(id: string, account: { phone: string }): string {
    const process = this.require(id);
    const login = { id: randomUUID(), name: account.phone, state: "CONNECTED" };
    this.state.logins.set(process.owner, [...(this.state.logins.get(process.owner) ?? []), login]);
    const body = { login_id: id, type: "complete", step_id: COMPLETE_STEP, instructions: `Successfully logged in as ${account.phone} / ${login.id}`, complete: { user_login_id: login.id } };
    this.settle(process, { reply: { status: 200, body }, next: { step_id: COMPLETE_STEP, type: "complete" } });
    return login.id;
  }

  /** Test hook: nobody scanned in time; the wait fails and the process is forgotten. */
  expireQr(id: string): void {
    const process = this.require(id);
    this.processes.delete(id);
    this.settle(process, { reply: error(500, "M_UNKNOWN", "Login timed out") });
  }

  /** Whether someone waits on the process's display_and_wait (a test expires a QR only then). */
  isWaiting(id: string): boolean {
    return (this.processes.get(id)?.waiters.length ?? 0) > 0;
  }

  /** The QR data of a login in progress, for a test to compare with what the dashboard showed. */
  qrOf(id: string): string {
    return this.require(id).qrData;
  }

  /** The newest process a user started, for tests that began the login in the widget. */
  latestOf(owner: string): string | undefined {
    return [...this.processes.values()].filter((p) => p.owner === owner).at(-1)?.id;
  }

  private qrStep(p: Process) {
    return {
      login_id: p.id,
      type: "display_and_wait",
      step_id: QR_STEP,
      instructions: "Scan the QR code on your Signal app to log in",
      display_and_wait: { type: "qr", data: p.qrData },
    };
  }

  /** A scan before anyone waits is kept: the next display_and_wait answers at once, as bridgev2's does. */
  private settle(process: Process, outcome: NonNullable<Process["outcome"]>): void {
    process.outcome = outcome;
    if (process.waiters.length) {
      const reply = this.deliver(process);
      for (const resolve of process.waiters.splice(0)) resolve(reply);
    }
  }

  /** The wait returns: the process moves on to the step it answered with. */
  private deliver(process: Process): Reply {
    const { reply, next } = process.outcome!;
    if (next) process.next = next;
    return reply;
  }

  private require(id: string): Process {
    const process = this.processes.get(id);
    if (!process) throw new Error(`no login process ${id}`);
    return process;
  }
}
