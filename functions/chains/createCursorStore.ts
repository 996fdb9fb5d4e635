import type { Store } from '../store/Store.js'
import type { CursorStore, LogCursor } from './LogCursor.js'

/** Persist at least this often while only the scanned height moves; any other change is persisted at once. */
export const cursorPersistSeconds = 300

/** The cursor without its scanned height: what must reach the store at once when it changes. */
function essentials(cursor: LogCursor): string {
  const { scannedTo: _scannedTo, ...rest } = cursor
  return JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
}

/**
 * A chain's log cursors: read from the store once per process, then kept in memory. Written back at once when
 * anything but the scanned height changed (a new log, a narrower range a provider forced, a scan left
 * unfinished) or when the store has none yet; otherwise every few minutes, so a steady tick does not write the
 * table just to move a block number.
 */
export function createCursorStore(store: Store, chain: string, clock: () => number = () => Math.floor(Date.now() / 1000)): CursorStore {
  /** `persisted`: essentials of the cursor in the store, undefined while the store has none. */
  const cache = new Map<string, { cursor: LogCursor | undefined; persistedAt: number; persisted?: string }>()
  return {
    async get(name) {
      const hit = cache.get(name)
      if (hit) return hit.cursor
      const cursor = await store.getCursor(chain, name)
      cache.set(name, { cursor, persistedAt: clock(), ...(cursor ? { persisted: essentials(cursor) } : {}) })
      return cursor
    },
    async put(name, cursor) {
      const entry = cache.get(name)
      const now = clock()
      const key = essentials(cursor)
      if (!entry || entry.persisted !== key || now - entry.persistedAt >= cursorPersistSeconds) {
        await store.putCursor(chain, name, cursor)
        cache.set(name, { cursor, persistedAt: now, persisted: key })
      } else cache.set(name, { ...entry, cursor })
    },
  }
}
