import type { Streaks } from './policy.js'

/** Equal streaks whatever their keys' order (a write is skipped when nothing changed). */
export function sameStreaks(a: Streaks, b: Streaks): boolean {
  const canonical = (streaks: Streaks) => JSON.stringify(Object.entries(streaks).sort(([x], [y]) => x.localeCompare(y)))
  return canonical(a) === canonical(b)
}
