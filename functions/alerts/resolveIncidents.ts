import type { CheckState, Store } from '../store/Store.js'
import type { StatusChange } from '../types.js'
import type { ChannelRoute } from './ChannelRoute.js'
import { type DeliveryOutcome, deliverOutbox } from './deliverOutbox.js'
import { enqueueMessage } from './enqueueMessage.js'

export interface ResolveIncidentsParameters {
  readonly chain: string
  /** One check, or every open incident of the chain. */
  readonly check?: string
  /** Said in the resolved message and stored as the state's reason. */
  readonly note: string
  readonly channels: readonly ChannelRoute[]
  readonly deliveryExpiry: number
  readonly now: number
}

/**
 * Closes open incidents by hand — for a chain renamed or removed from the config, which no tick judges any more.
 * Each is told to its channels as resolved (through the outbox, as a tick would), so no thread stays open.
 */
export async function resolveIncidents(
  store: Store,
  { chain, check, note, channels, deliveryExpiry, now }: ResolveIncidentsParameters,
): Promise<{ resolved: string[]; deliveries: DeliveryOutcome[] }> {
  const states = await store.getCheckStates()
  const open = [...states.values()].filter((s) => s.chain === chain && (!check || s.check === check) && s.incident)
  const resolved: string[] = []
  for (const state of open) {
    const incident = state.incident!
    const { incident: _closed, ...rest } = state
    const next: CheckState = { ...rest, status: 'ok', since: now, streak: 1, value: null, reason: note, lastNotifiedStatus: 'ok', updatedAt: now, version: state.version + 1 }
    const change: StatusChange = {
      kind: 'resolve',
      verdict: { chain: state.chain, check: state.check, status: 'ok', value: null, unit: 's', reason: note, threshold: state.threshold },
      previous: incident.status,
      since: now,
      previousSince: incident.openedAt,
    }
    await enqueueMessage(store, channels, {
      id: `${state.chain}#${state.check}#v${next.version}`,
      chain: state.chain,
      message: { kind: 'alert', change },
      now,
      expirySeconds: deliveryExpiry,
    })
    if (await store.putCheckState(next, state.version)) resolved.push(`${state.chain}#${state.check}`)
  }
  const deliveries = resolved.length > 0 ? await deliverOutbox(store, channels, now) : []
  return { resolved, deliveries }
}
