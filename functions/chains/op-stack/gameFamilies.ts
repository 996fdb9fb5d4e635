/**
 * The OP Stack proof-system registry: one row per family of respected game types, with the rules for reading
 * it. Everything that differs between proof systems lives here, not in `if`s through the adapter. Type numbers
 * are Optimism's GameTypes library (and Base's 621/622); any other type is read as `unknown`: posting age only.
 */
export interface GameFamily {
  readonly name: 'output-root-fault' | 'super-root-fault' | 'aggregate-verifier'
  /** Game type → its name in the sources. */
  readonly types: Readonly<Record<number, string>>
  /** Types that are a permissioned fallback (only the proposer/challenger roles may play). */
  readonly permissioned: readonly number[]
  /** What a game's l2SequenceNumber, its extraData's L2 field and the anchor's second value mean. */
  readonly sequence: 'l2-block' | 'l2-timestamp'
  /**
   * How a game's end is known: the implementation's `maxClockDuration()` from creation, or each game's own
   * `expectedResolution()` (no earlier than creation + `FAST_FINALIZATION_DELAY()`).
   */
  readonly end: 'max-clock-duration' | 'expected-resolution'
  /** What the root claim commits to: one chain's output root (recomputable from its L2), or a super root over a dependency set. */
  readonly rootClaim: 'output-root' | 'super-root'
}

export const gameFamilies: readonly GameFamily[] = [
  {
    name: 'output-root-fault',
    types: { 0: 'CANNON', 1: 'PERMISSIONED_CANNON', 2: 'ASTERISC', 3: 'ASTERISC_KONA', 8: 'CANNON_KONA', 254: 'FAST', 255: 'ALPHABET' },
    permissioned: [1],
    sequence: 'l2-block',
    end: 'max-clock-duration',
    rootClaim: 'output-root',
  },
  {
    name: 'super-root-fault',
    types: { 4: 'SUPER_CANNON', 5: 'SUPER_PERMISSIONED_CANNON', 7: 'SUPER_ASTERISC_KONA', 9: 'SUPER_CANNON_KONA' },
    permissioned: [5],
    sequence: 'l2-timestamp',
    end: 'max-clock-duration',
    rootClaim: 'super-root',
  },
  {
    name: 'aggregate-verifier',
    types: { 621: 'AggregateVerifier', 622: 'AggregateVerifier (successor)' },
    permissioned: [],
    sequence: 'l2-block',
    end: 'expected-resolution',
    // The root claim (and each intermediate root) is an output root of Base.
    rootClaim: 'output-root',
  },
]

/** The family of a game type; undefined for a type this watchtower does not know. */
export function gameFamilyOf(gameType: number): GameFamily | undefined {
  return gameFamilies.find((family) => family.types[gameType] !== undefined)
}

/** "1 (PERMISSIONED_CANNON, permissioned fallback)", "621 (AggregateVerifier)", "42 (unknown)". */
export function describeGameType(gameType: number): string {
  const family = gameFamilyOf(gameType)
  if (!family) return `${gameType} (unknown)`
  return `${gameType} (${family.types[gameType]}${family.permissioned.includes(gameType) ? ', permissioned fallback' : ''})`
}
