import type { BridgeLoginStep } from "../../../shared/bridges.ts";

/** How long an answer stays for a caller who asks again after its last call gave up. */
const KEEP_SETTLED_MS = 120_000;

type Entry = { answer: Promise<BridgeLoginStep>; timer?: NodeJS.Timeout };

/**
 * The bridge's display_and_wait calls in flight, one per login step. bridgev2 cancels a login
 * when its wait request is dropped, so the call to the bridge outlives the widget's request: a
 * caller waits a while, gets "still waiting", and the next call joins the same pending answer.
 *
 * An answer that is another display step (bridges renew a QR code under the same step ID) is
 * handed out once: the wait after it asks the bridge again, for the code after that. Only the end
 * of a login (complete, or its failure) is kept for late callers.
 */
export class LoginWaits {
  private readonly pending = new Map<string, Entry>();

  /** The step that follows, or null when it has not come within `patienceMs`. */
  async next(key: string, start: () => Promise<BridgeLoginStep>, patienceMs: number): Promise<BridgeLoginStep | null> {
    let entry = this.pending.get(key);
    if (!entry) {
      const created: Entry = { answer: start() };
      entry = created;
      this.pending.set(key, created);
      const forgetLater = () => void (created.timer = setTimeout(() => this.forget(key, created), KEEP_SETTLED_MS).unref());
      created.answer.then(forgetLater, forgetLater);
    }
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), patienceMs)));
    try {
      const step = await Promise.race([entry.answer, patience]);
      if (step && step.type !== "complete") this.forget(key, entry);
      return step;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops every wait of one login (cancelled): a later call asks the bridge, which then says it is gone. */
  forgetLogin(keyPrefix: string): void {
    for (const [key, entry] of this.pending) if (key.startsWith(keyPrefix)) this.forget(key, entry);
  }

  private forget(key: string, entry: Entry): void {
    clearTimeout(entry.timer);
    if (this.pending.get(key) === entry) this.pending.delete(key);
  }
}
