import type { CheckState, Store } from '../store/Store.js'
import type { ChannelRoute } from './ChannelRoute.js'
import { tellIncidentStep } from './tellIncidentStep.js'

export interface AcknowledgeParameters {
  /** A chain, or `*` for every chain. */
  readonly chain: string
  readonly check?: string
  /** Who acknowledged (a login, a chat user): said in the incident's messages and sent to PagerDuty. */
  readonly by?: string
  /** The channels to tell (the incident message shows the ack; PagerDuty acknowledges); none: the store only. */
  readonly channels?: readonly ChannelRoute[]
  /** Seconds the ack's messages stay deliverable. */
  readonly deliveryExpiry?: number
  readonly now: number
}

/**
 * Acknowledges the open incidents of a chain (`*`: every chain), or of one chain×check: reminders stop until the incident worsens
 * or resolves. Returns the acknowledged `chain#check` keys. A concurrent tick that moved a state on wins; the
 * ack is retried once against the new version. `by` records who acknowledged (chat ops: the user; the CLI: `--by` or the login); each ack is then told through
 * the outbox, like any alert.
 */
export async function acknowledge(store: Store, { chain, check, by, channels = [], deliveryExpiry = 24 * 3600, now }: AcknowledgeParameters): Promise<string[]> {
  const acked: CheckState[] = []
  for (let attempt = 0; attempt < 2; attempt++) {
    const states = await store.getCheckStates()
    const pending = [...states.values()].filter(
      (s) => (chain === '*' || s.chain === chain) && (!check || s.check === check) && s.incident && s.incident.ackedStatus === undefined && !acked.some((a) => a.chain === s.chain && a.check === s.check),
    )
    if (pending.length === 0) break
    for (const state of pending) {
      const incident = { ...state.incident!, ackedStatus: state.incident!.status, ackedAt: now, ...(by ? { ackedBy: by } : {}) }
      const next = { ...state, incident, version: state.version + 1, updatedAt: now }
      if (await store.putCheckState(next, state.version)) acked.push(next)
    }
  }
  await Promise.all(acked.map((state) => tellIncidentStep(store, channels, state, { kind: 'ack', ...(by ? { by } : {}), now, deliveryExpiry })))
  return acked.map((state) => `${state.chain}#${state.check}`)
}

