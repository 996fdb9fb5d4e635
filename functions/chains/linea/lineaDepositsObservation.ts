import type { DepositsObservation, Reading } from '../../types.js'
import type { FoundLog } from '../LogCursor.js'

export interface LineaDepositsParameters {
  /** LineaRollup.nextMessageNumber() on L1: messages 1 … next − 1 have been sent. */
  readonly nextMessageNumber: bigint
  /** L2MessageService.lastAnchoredL1MessageNumber() on the L2. */
  readonly lastAnchored: bigint
  /** The oldest unanchored message's RollingHashUpdated on L1; undefined when nothing waits. */
  readonly origin: Reading<FoundLog | undefined> | undefined
}

/**
 * `deposits` on Linea (pure): the oldest L1→L2 message sent on L1 and not yet anchored on the L2, aged from its L1
 * block. Linea has no forced inclusion (`forcedInclusion: 'none'`): only the operator anchors messages.
 */
export function lineaDepositsObservation({ nextMessageNumber, lastAnchored, origin }: LineaDepositsParameters): Reading<DepositsObservation> {
  const sent = nextMessageNumber > 0n ? nextMessageNumber - 1n : 0n
  const base = { source: 'linea-message-service', forcedInclusion: 'none', progress: `the L2 has anchored ${lastAnchored} of ${sent} L1 messages` } as const
  if (sent <= lastAnchored) return { ok: true, value: { ...base, pending: 0 } }
  const id = `L1 message #${lastAnchored + 1n}`
  if (!origin) return { ok: false, error: `${id} waits; its L1 log was not looked up` }
  if (!origin.ok) return { ok: false, error: `${id} waits; looking up its RollingHashUpdated: ${origin.error}` }
  if (!origin.value) return { ok: false, error: `${id} waits; its RollingHashUpdated is not on L1 within the log scan's lookback` }
  const { timestamp, blockNumber } = origin.value
  return { ok: true, value: { ...base, pending: Number(sent - lastAnchored), oldest: { id, sentAt: timestamp, l1Block: blockNumber } } }
}
