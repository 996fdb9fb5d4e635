import type { CheckState, Store } from '../store/Store.js'
import type { StatusChange, Verdict } from '../types.js'
import type { ChannelRoute } from './ChannelRoute.js'
import { enqueueMessage } from './enqueueMessage.js'

export interface IncidentStep {
  readonly kind: 'ack' | 'mute'
  readonly by?: string
  /** Unix seconds a mute lasts until. */
  readonly until?: number
  readonly now: number
  readonly deliveryExpiry: number
}

/** What people did to an open incident, as an alert of that incident (its status, value and reason as stored). */
export function incidentStepChange(state: CheckState, { kind, by, until, now }: IncidentStep): StatusChange | undefined {
  const incident = state.incident
  if (!incident) return undefined
  return {
    kind,
    verdict: { chain: state.chain, check: state.check, status: incident.status, value: state.value, unit: state.unit as Verdict['unit'], reason: state.reason, threshold: state.threshold },
    previous: incident.status,
    since: now,
    previousSince: incident.openedAt,
    incident: incident.id,
    ...(by ? { by } : {}),
    ...(until !== undefined ? { until } : {}),
  }
}

/**
 * Queues an ack or mute of an open incident for every channel that routes it, under an id of the step (state
 * version and kind: repeating it queues nothing). Not grouped: it goes out on the next delivery.
 */
export async function tellIncidentStep(store: Store, channels: readonly ChannelRoute[], state: CheckState, step: IncidentStep): Promise<void> {
  const change = incidentStepChange(state, step)
  if (!change) return
  await enqueueMessage(store, channels, {
    id: `${state.chain}#${state.check}#v${state.version}#${step.kind}`,
    chain: state.chain,
    message: { kind: 'alert', change },
    now: step.now,
    expirySeconds: step.deliveryExpiry,
  })
}
