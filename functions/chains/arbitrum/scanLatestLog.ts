import type { PublicClient } from 'viem'
import { type FindLatestLogParameters, findLatestLog, LogScanIncompleteError } from '../findLatestLog.js'
import type { CursorStore, FoundLog } from '../LogCursor.js'

export interface ScanLatestLogParameters extends Omit<FindLatestLogParameters, 'cursor'> {
  /** Cursor name, unique per chain. */
  readonly name: string
  readonly cursors: CursorStore
}

/**
 * findLatestLog from the stored cursor, saving the new one; a scan that ran out of calls still fails this tick
 * but saves its progress, and a failing cursor store costs a rescan, never the reading.
 * (Same helper as linea/scanLatestLog.ts: one shared copy in functions/chains/ would serve both.)
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
