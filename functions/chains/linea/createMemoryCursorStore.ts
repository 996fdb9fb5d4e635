import type { CursorStore, LogCursor } from '../LogCursor.js'

/** Cursors kept for the adapter's lifetime only, when no store is given (tests, one-off runs). */
export function createMemoryCursorStore(): CursorStore {
  const cursors = new Map<string, LogCursor>()
  return {
    get: async (name) => cursors.get(name),
    put: async (name, cursor) => void cursors.set(name, cursor),
  }
}
