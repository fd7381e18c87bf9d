/**
 * An in-process lock per key. The local forge's operations read, then write, files and refs of one repository; two
 * activities in the same worker doing that at once (two `git init`s, two PRs for one head) would collide. Other
 * processes are covered by the atomic renames and links the writes use; this only orders calls within a process.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` after every earlier call with the same key has settled. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nothing is queued behind us, so the map does not grow with every repository ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
