import { randomInt } from "node:crypto";
import type { CommandContext } from "./command-spec.ts";

// No 0/O, 1/I/L: codes are typed by hand, often on a phone.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 6;

type Pending = { sender: string; expiresAt: number; what: string; run: (ctx: CommandContext) => Promise<void> };

export type Taken = { ok: true; what: string; run: (ctx: CommandContext) => Promise<void> } | { ok: false; reason: string };

/**
 * Destructive commands wait here for `confirm <code>` from the moderator who asked, within the
 * time limit. Kept in memory: a restart forgets them, which only means asking again.
 */
export class Confirmations {
  private readonly pending = new Map<string, Pending>();
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.ttlMs = ttlMs;
    this.now = now;
  }

  create(sender: string, what: string, run: Pending["run"]): { code: string; expiresAt: number } {
    this.dropExpired();
    let code: string;
    do code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    while (this.pending.has(code));
    const expiresAt = this.now() + this.ttlMs;
    this.pending.set(code, { sender, expiresAt, what, run });
    return { code, expiresAt };
  }

  /** One use: a confirmed or expired code is gone; another moderator's attempt leaves it in place. */
  take(code: string, sender: string): Taken {
    const key = code.toUpperCase();
    const entry = this.pending.get(key);
    if (!entry) return { ok: false, reason: `No command is waiting for the code ${key}.` };
    if (entry.expiresAt <= this.now()) {
      this.pending.delete(key);
      return { ok: false, reason: `The code ${key} has expired: run the command again for a new one.` };
    }
    if (entry.sender !== sender) return { ok: false, reason: `Only ${entry.sender}, who asked for it, can confirm ${key}.` };
    this.pending.delete(key);
    return { ok: true, what: entry.what, run: entry.run };
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [code, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(code);
  }
}
