import type { Store } from '../store/Store.js'
import type { ChannelRoute } from './ChannelRoute.js'
import { isMuted } from './Mute.js'
import { tellIncidentStep } from './tellIncidentStep.js'

export interface ApplyMuteParameters {
  /** A chain, or `*` for every chain. */
  readonly chain: string
  /** A check, or `*` for every check. */
  readonly check: string
  readonly until: number
  readonly by?: string
  readonly channels?: readonly ChannelRoute[]
  readonly deliveryExpiry?: number
  readonly now: number
}

/**
 * Stores a mute, then tells each open incident it silences through the outbox (its message says "muted until …,
 * by …"), so nobody mistakes the quiet for a recovery. Returns the `chain#check` keys of those incidents.
 */
export async function applyMute(store: Store, { chain, check, until, by, channels = [], deliveryExpiry = 24 * 3600, now }: ApplyMuteParameters): Promise<string[]> {
  const mute = { chain, check, until, createdAt: now }
  await store.putMute(mute)
  const silenced = [...(await store.getCheckStates()).values()].filter((state) => state.incident && isMuted([mute], state.chain, state.check, now))
  await Promise.all(silenced.map((state) => tellIncidentStep(store, channels, state, { kind: 'mute', until, ...(by ? { by } : {}), now, deliveryExpiry })))
  return silenced.map((state) => `${state.chain}#${state.check}`)
}
