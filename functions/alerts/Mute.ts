/** A silence: delivery stops for matching alerts until `until`; everything is still recorded. */
export interface Mute {
  /** Chain name, or `*` for every chain. */
  readonly chain: string
  /** Check name, or `*` for every check of the chain. */
  readonly check: string
  /** Unix seconds. */
  readonly until: number
  readonly createdAt: number
}

export function isMuted(mutes: readonly Mute[], chain: string, check: string, now: number): boolean {
  return mutes.some((m) => m.until > now && (m.chain === '*' || m.chain === chain) && (m.check === '*' || m.check === check))
}
