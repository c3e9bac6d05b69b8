import type { BridgeLoginStep } from "../../../shared/bridges.ts";

/** How long a settled answer stays for a caller who asks again after its last call gave up. */
const KEEP_SETTLED_MS = 120_000;

/**
 * The bridge's display_and_wait calls in flight, one per login step. bridgev2 cancels a login
 * when its wait request is dropped, so the call to the bridge outlives the widget's request: a
 * caller waits a while, gets "still waiting", and the next call joins the same pending answer.
 */
export class LoginWaits {
  private readonly pending = new Map<string, Promise<BridgeLoginStep>>();

  /** The step that follows, or null when it has not come within `patienceMs`. */
  async next(key: string, start: () => Promise<BridgeLoginStep>, patienceMs: number): Promise<BridgeLoginStep | null> {
    let answer = this.pending.get(key);
    if (!answer) {
      answer = start();
      this.pending.set(key, answer);
      const forget = () => void setTimeout(() => this.pending.delete(key), KEEP_SETTLED_MS).unref();
      answer.then(forget, forget);
    }
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), patienceMs)));
    try {
      return await Promise.race([answer, patience]);
    } finally {
      clearTimeout(timer);
    }
  }
}
