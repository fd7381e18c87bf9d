/**
 * Replay protection by `X-GitHub-Delivery`: the ids of the most recent deliveries this process handled, in a bounded
 * set (the oldest id leaves when it is full). A delivery is recorded only once it was handled, so GitHub's
 * "Redeliver" of one that failed (same id, e.g. while Temporal was down) is processed, while a copy of one that
 * succeeded is not. A replay after eviction or a restart gets through, and costs one extra look at the PR: signals
 * are idempotent, so the bound trades nothing but an API call.
 */
export type DeliveryState = 'new' | 'in-flight' | 'done';

export class RecentDeliveries {
  private readonly done = new Set<string>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly capacity = 10_000) {
    if (!(capacity >= 1)) throw new Error(`RecentDeliveries capacity must be at least 1, got ${capacity}`);
  }

  /** Claims a delivery id: `new` (the caller handles it, then calls finish or release), or why not. */
  claim(id: string): DeliveryState {
    if (this.done.has(id)) return 'done';
    if (this.inFlight.has(id)) return 'in-flight';
    this.inFlight.add(id);
    return 'new';
  }

  /** The delivery was handled: later copies are replays. */
  finish(id: string): void {
    this.inFlight.delete(id);
    this.done.add(id);
    // A Set iterates in insertion order: the first is the oldest.
    while (this.done.size > this.capacity) this.done.delete(this.done.values().next().value!);
  }

  /** Handling failed: a redelivery may try again. */
  release(id: string): void {
    this.inFlight.delete(id);
  }

  get size(): number {
    return this.done.size;
  }
}
