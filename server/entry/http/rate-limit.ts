import { ApiError } from "../../kernel/errors/api-error.ts";

/** Buckets beyond this many are swept of full (idle) ones, so keys from many addresses cannot grow memory without end. */
const SWEEP_ABOVE = 10_000;

/**
 * A token bucket per caller (session user, API token, client address): `perMinute` requests,
 * refilled continuously. Over the limit: 429 with the seconds to wait (the error handler sends Retry-After).
 */
export class CallerRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMinute: number;
  private readonly describe: (caller: string, perMinute: number) => string;

  constructor(perMinute: number, describe = (caller: string, limit: number) => `Too many requests from ${caller}: at most ${limit} a minute.`) {
    this.perMinute = perMinute;
    this.describe = describe;
  }

  take(caller: string, now = Date.now()): void {
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60);
      this.buckets.set(caller, bucket);
      const err = new ApiError(429, "rate_limited", this.describe(caller, this.perMinute), `Retry in ${retryAfter} s.`).saying("tooManyRequests", { perMinute: this.perMinute, seconds: retryAfter });
      (err as ApiError & { retryAfterSeconds?: number }).retryAfterSeconds = retryAfter;
      throw err;
    }
    bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
  }

  private refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
  }

  private sweep(now: number): void {
    for (const [caller, bucket] of this.buckets) if (this.refilled(bucket, now) >= this.perMinute) this.buckets.delete(caller);
  }
}

/**
 * Sign-in costs a homeserver request (OpenID userinfo) even when it fails, so it is limited per
 * client address and for everyone together: a flood from many addresses still cannot hammer the homeserver.
 */
export class SignInRateLimit {
  private readonly perAddress: CallerRateLimit;
  private readonly total: CallerRateLimit;

  constructor(limits: { perAddress: number; total: number }) {
    this.perAddress = new CallerRateLimit(limits.perAddress, (address, n) => `Too many sign-in attempts from ${address}: at most ${n} a minute.`);
    this.total = new CallerRateLimit(limits.total, (_all, n) => `Too many sign-in attempts to this dashboard: at most ${n} a minute from all clients together.`);
  }

  take(address: string, now = Date.now()): void {
    this.perAddress.take(address, now);
    this.total.take("all", now);
  }
}
