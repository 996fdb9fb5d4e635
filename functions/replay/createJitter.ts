/**
 * Seeded jitter for quiet timelines (mulberry32): every replay of a scenario is the same. Without a seed there is
 * no jitter at all: cadences are exact and chances never happen.
 */
export function createJitter(seed: number | undefined) {
  let state = (seed ?? 0) >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    /** `seconds` ± 30 %. */
    spread: (seconds: number) => (seed === undefined ? seconds : Math.max(1, Math.round(seconds * (0.7 + 0.6 * next())))),
    chance: (probability: number) => seed !== undefined && next() < probability,
    /** 1 with the given probability, else 0. */
    skip: (probability: number) => (seed !== undefined && next() < probability ? 1 : 0),
  }
}

/** A stable seed from a scenario's name. */
export function seedOf(name: string): number {
  let hash = 2166136261
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619)
  return hash >>> 0
}
