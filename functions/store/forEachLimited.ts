/**
 * Store writes a tick makes at once. Thousands at a time (a cold tick of 2,000 chains writes one state per
 * chain×check) overwhelm a local dynalite and, on DynamoDB, one partition's write rate; a small pool keeps the
 * cold tick to seconds.
 */
export const storeWriteConcurrency = 32

/** Runs `task` for every item, at most `limit` at a time; rejects with the first failure once all have settled. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const failures: unknown[] = []
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!
      await task(item).catch((error: unknown) => failures.push(error))
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failures.length > 0) throw failures[0]
}
