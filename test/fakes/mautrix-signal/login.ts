import { randomBytes, randomUUID } from "node:crypto";
import type { BridgeState } from "./bridge-state.ts";
import type { Reply } from "./provisioning.ts";

const QR_STEP = "fi.mau.signal.login.qr";
const COMPLETE_STEP = "fi.mau.signal.login.complete";
/** bridgev2 answers a step that does not match the process with M_BAD_STATE and this status. */
export const BAD_STATE_STATUS = 500;
const error = (status: number, errcode: string, message: string): Reply => ({ status, body: { errcode, error: message } });

type Process = {
  id: string;
  owner: string;
  /** The step the process expects next (bridgev2 ProvLogin.NextStep). */
  next: { step_id: string; type: string };
  qrData: string;
  finished: boolean;
  /** display_and_wait calls still open, and what the next one answers when it comes first. */
  waiters: Array<(reply: Reply) => void>;
  outcome?: { reply: Reply; next?: Process["next"] };
};

const newQr = () =>
  `sgnl://linkdevice?uuid=${encodeURIComponent(randomBytes(16).toString("base64url"))}&pub_key=${encodeURIComponent(randomBytes(33).toString("base64"))}`;

/**
 * mautrix-signal's QR login through bridgev2's provisioning API: start shows a `sgnl://linkdevice`
 * link; display_and_wait stays open until the code is scanned, answers a NEW code under the same
 * step ID when the old one expires (mautrix-signal: every 45 s, 20 times), and fails with 410
 * once it gives up. A failed or cancelled process is forgotten, as bridgev2 forgets it.
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

  /** bridgev2's limit on logins per Matrix user (unlimited unless a test sets one). */
  maxLoginsPerUser = Infinity;

  start(owner: string, flowId: string): Reply {
    if (flowId !== "qr") return error(400, "M_INVALID_PARAM", "Invalid login flow ID");
    if ((this.state.logins.get(owner)?.length ?? 0) >= this.maxLoginsPerUser) return error(403, "FI.MAU.BRIDGE.TOO_MANY_LOGINS", "Maximum number of logins exceeded");
    const id = randomBytes(10).toString("hex");
    const process: Process = { id, owner, next: { step_id: QR_STEP, type: "display_and_wait" }, qrData: newQr(), finished: false, waiters: [] };
    this.processes.set(id, process);
    return { status: 200, body: this.qrStep(process) };
  }

  /** POST /v3/login/step/{id}/{stepID}/{type}, with bridgev2's checks in its order. */
  async step(id: string, stepId: string, type: string): Promise<Reply> {
    const process = this.processes.get(id);
    if (!process) return error(404, "M_NOT_FOUND", "Login not found");
    if (process.finished && !process.outcome) return error(410, "FI.MAU.BRIDGE.LOGIN_ALREADY_FINISHED", "Login already finished");
    if (process.next.step_id !== stepId) return error(BAD_STATE_STATUS, "M_BAD_STATE", "Step ID does not match");
    if (process.next.type !== type) return error(BAD_STATE_STATUS, "M_BAD_STATE", "Step type does not match");
    if (process.outcome) return this.deliver(process);
    return new Promise((resolve) => process.waiters.push(resolve));
  }

  /** POST /v3/login/cancel/{id}: an open wait ends with LOGIN_CANCELLED and the process is gone. */
  cancel(id: string): Reply {
    const process = this.processes.get(id);
    if (!process) return error(404, "M_NOT_FOUND", "Login not found");
    this.processes.delete(id);
    this.settle(process, { reply: error(400, "FI.MAU.BRIDGE.LOGIN_CANCELLED", "Login cancelled") });
    return { status: 200, body: {} };
  }

  /** Test hook: the phone scanned the QR code; the bridge now holds a login (ID: the account's ACI). */
  scanQr(id: string, account: { phone: string }): string {
    const process = this.require(id);
    const login = { id: randomUUID(), name: account.phone, state: "CONNECTED" };
    this.state.logins.set(process.owner, [...(this.state.logins.get(process.owner) ?? []), login]);
    const body = { login_id: id, type: "complete", step_id: COMPLETE_STEP, txn_id: txnId(), instructions: `Successfully logged in as ${account.phone} / ${login.id}`, complete: { user_login_id: login.id } };
    process.finished = true;
    this.settle(process, { reply: { status: 200, body }, next: { step_id: COMPLETE_STEP, type: "complete" } });
    return login.id;
  }

  /** Test hook: the shown code expired unscanned, so the bridge shows a new one under the same step ID. */
  refreshQr(id: string): string {
    const process = this.require(id);
    process.qrData = newQr();
    this.settle(process, { reply: { status: 200, body: this.qrStep(process) } });
    return process.qrData;
  }

  /** Test hook: the bridge gave up refreshing; the wait fails with 410 and the process is forgotten. */
  expireQr(id: string): void {
    const process = this.require(id);
    this.processes.delete(id);
    this.settle(process, { reply: error(410, "FI.MAU.BRIDGE.LOGIN_TIMED_OUT", "Login timed out") });
  }

  /** Whether someone waits on the process's display_and_wait (a test refreshes or expires a QR only then). */
  isWaiting(id: string): boolean {
    return (this.processes.get(id)?.waiters.length ?? 0) > 0;
  }

  /** Whether the process still exists (it is gone once cancelled, failed or expired). */
  exists(id: string): boolean {
    return this.processes.has(id);
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
      txn_id: txnId(),
      instructions: "Scan the QR code on your Signal app to log in",
      display_and_wait: { type: "qr", data: p.qrData },
    };
  }

  /** An answer before anyone waits is kept: the next display_and_wait answers at once, as bridgev2's does. */
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
    process.outcome = undefined;
    if (next) process.next = next;
    return reply;
  }

  private require(id: string): Process {
    const process = this.processes.get(id);
    if (!process) throw new Error(`no login process ${id}`);
    return process;
  }
}

/** bridgev2 tags every step with a transaction ID ("bls_" + xid). */
const txnId = () => `bls_${randomBytes(10).toString("hex")}`;
