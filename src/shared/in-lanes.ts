/**
 * `work` over every item, at most `lanes` at a time, results in the items' order. For file work that waits on the
 * file system far more than it computes: a few calls in flight hide the latency, and a bound keeps the number of
 * open files and of parsed trees alive at once small.
 */
export async function inLanes<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, lanes = 16): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return out;
}
