/**
 * Sign-in attempts per client address in a sliding window, in this process's memory. Behind a load
 * balancer each server counts its own share, which still bounds guessing; the per-account lockout
 * (in the database) is the hard limit.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    readonly maxAttempts = 20,
    readonly windowMs = 5 * 60_000,
  ) {}

  /** Counts an attempt; false when the address has used up its window. */
  allow(address: string, now: number): boolean {
    const recent = (this.attempts.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.attempts.set(address, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const [address, times] of this.attempts) {
      if (times.every((t) => now - t >= this.windowMs)) this.attempts.delete(address);
    }
  }
}
