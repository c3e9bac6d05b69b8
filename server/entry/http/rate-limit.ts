import { ApiError } from "../../kernel/errors/api-error.ts";

/** A token bucket per caller (session user or API token): `perMinute` requests, refilled continuously. */
export class CallerRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMinute: number;

  constructor(perMinute: number) {
    this.perMinute = perMinute;
  }

  take(caller: string, now = Date.now()): void {
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60);
      this.buckets.set(caller, bucket);
      const err = new ApiError(429, "rate_limited", `Too many requests from ${caller}: at most ${this.perMinute} a minute.`, `Retry in ${retryAfter} s.`);
      (err as ApiError & { retryAfterSeconds?: number }).retryAfterSeconds = retryAfter;
      throw err;
    }
    bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
  }
}
