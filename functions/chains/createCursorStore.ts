import type { Store } from '../store/Store.js'
import type { CursorStore, LogCursor } from './LogCursor.js'

/** Persist at least this often while only the scanned height moves; a new log is persisted at once. */
export const cursorPersistSeconds = 300

/**
 * A chain's log cursors: read from the store once per process, then kept in memory; written back when a new
 * log was found or every few minutes, so a steady tick does not write the table just to move a block number.
 */
export function createCursorStore(store: Store, chain: string, clock: () => number = () => Math.floor(Date.now() / 1000)): CursorStore {
  const cache = new Map<string, { cursor: LogCursor | undefined; persistedAt: number; persistedLatest?: bigint }>()
  return {
    async get(name) {
      const hit = cache.get(name)
      if (hit) return hit.cursor
      const cursor = await store.getCursor(chain, name)
      cache.set(name, { cursor, persistedAt: clock(), ...(cursor?.latest ? { persistedLatest: cursor.latest.blockNumber } : {}) })
      return cursor
    },
    async put(name, cursor) {
      const entry = cache.get(name)
      const now = clock()
      const newLog = cursor.latest?.blockNumber !== entry?.persistedLatest
      if (!entry || newLog || now - entry.persistedAt >= cursorPersistSeconds) {
        await store.putCursor(chain, name, cursor)
        cache.set(name, { cursor, persistedAt: now, ...(cursor.latest ? { persistedLatest: cursor.latest.blockNumber } : {}) })
      } else cache.set(name, { ...entry, cursor })
    },
  }
}
