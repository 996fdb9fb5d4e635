import type { CursorStore, LogCursor } from './LogCursor.js'

/** Cursors kept for the adapter's lifetime when no store is given, so scans stay incremental anyway. */
export function createMemoryCursorStore(): CursorStore {
  const cursors = new Map<string, LogCursor>()
  return {
    get: async (name) => cursors.get(name),
    put: async (name, cursor) => {
      cursors.set(name, cursor)
    },
  }
}
