/** The one source of "now" in the service, so time-driven behaviour is tested by moving the clock, never by sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that can be set (dev mode `POST /dev/clock`, tests). Once set it keeps ticking from the set
 * instant at real speed unless frozen, so dialogs and throttles still see time pass.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    if (this.frozenAt !== null) return new Date(this.frozenAt);
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  set(at: Date, opts: { freeze?: boolean } = {}): void {
    if (opts.freeze) {
      this.frozenAt = at.getTime();
      return;
    }
    this.frozenAt = null;
    this.offsetMs = at.getTime() - this.base.now().getTime();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }
}
