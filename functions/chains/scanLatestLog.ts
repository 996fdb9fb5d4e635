import type { PublicClient } from 'viem'
import { type FindLatestLogParameters, findLatestLog, LogScanIncompleteError } from './findLatestLog.js'
import type { CursorStore, FoundLog } from './LogCursor.js'

export interface ScanLatestLogParameters extends Omit<FindLatestLogParameters, 'cursor'> {
  /** Cursor name, unique per chain. */
  readonly name: string
  readonly cursors: CursorStore
}

/**
 * findLatestLog resuming from the stored cursor and saving the new one. A scan that ran out of calls this
 * tick still fails (its newest log is not known yet), but its progress is saved so the next tick goes on.
 * A failing cursor store costs a rescan, never the reading.
 */
export async function scanLatestLog(client: PublicClient, { name, cursors, ...scan }: ScanLatestLogParameters): Promise<FoundLog | undefined> {
  const cursor = await cursors.get(name).catch(() => undefined)
  try {
    const result = await findLatestLog(client, { ...scan, cursor })
    await cursors.put(name, result.cursor).catch(() => undefined)
    return result.latest
  } catch (error) {
    if (error instanceof LogScanIncompleteError) await cursors.put(name, error.cursor).catch(() => undefined)
    throw error
  }
}
