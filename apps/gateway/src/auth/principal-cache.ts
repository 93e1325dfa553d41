import { Principal } from '@diplomatie/contracts';

/**
 * Principals by agent id for a few seconds, so that a burst of requests asks the directory once.
 * Bounded: beyond `maxEntries` the oldest entry goes (Map keeps insertion order).
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(agentId: string): Principal | undefined {
    const entry = this.entries.get(agentId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(agentId);
      return undefined;
    }
    return entry.principal;
  }

  set(agentId: string, principal: Principal): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(agentId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(agentId, { principal, expiresAt: this.now() + this.ttlMs });
  }

  /** Drops one principal, so that a change the caller just made (charter accepted) shows at once. */
  delete(agentId: string): void {
    this.entries.delete(agentId);
  }

  get size(): number {
    return this.entries.size;
  }
}
