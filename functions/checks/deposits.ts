import type { DepositsObservation, Observation, Verdict } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'
import { noForcedInclusion } from './forcedInclusionNotes.js'

const notYetText: Partial<Record<DepositsObservation['source'], string>> = {
  'scroll-message-queue': 'not finalized on L1',
  'zksync-priority-queue': 'not executed on L1',
}

/** More L1 blocks than this left to scan: "nothing pending" would be a guess. */
export const depositScanBehindBlocks = 1_000n

function forcedInclusionText(d: DepositsObservation): string {
  const { forcedInclusion, forcedInclusionIn: left, forcedInclusionInBlocks: blocks, forcedInclusionBlock: block } = d
  const n = blocks === undefined ? 0 : Math.abs(blocks)
  const inBlocks = blocks !== undefined ? ` (${n} L1 block${n === 1 ? '' : 's'}${block !== undefined ? `, L1 block #${block}` : ''})` : ''
  switch (forcedInclusion) {
    case 'none':
      return `${noForcedInclusion.linea}: only the operator can include it`
    case 'unknown':
      // outage-corpus.md: "priority queue; no enforced inclusion per L2BEAT (UNCONFIRMED today)".
      return 'ZKsync Era has no enforced inclusion per L2BEAT (unconfirmed today): only the operator can process the priority queue'
    case 'sequencing-window':
      if (left === undefined) return 'derivation includes it once the sequencing window closes'
      return left > 0
        ? `derivation must include it when the sequencing window closes, in ${formatSeconds(left)}${inBlocks}`
        : `the sequencing window closed ${formatSeconds(-left)} ago${inBlocks}: derivation includes it without the sequencer`
    case 'force-inclusion':
      if (left === undefined) return 'force inclusion deadline unknown'
      return left > 0 ? `force inclusion possible in ${formatSeconds(left)}${inBlocks}` : `past its force-inclusion deadline${inBlocks}: anyone may force-include it`
    case 'enforced-mode':
      if (left === undefined) return 'enforced (permissionless) mode deadline unknown'
      return left > 0
        ? `enforced (permissionless) mode possible in ${formatSeconds(left)}`
        : `enforced (permissionless) mode possible for ${formatSeconds(-left)}: anyone may commit and finalize batches`
  }
}

/**
 * The oldest L1→L2 message (deposit, delayed-inbox message, queued or priority transaction) not yet on L2: users
 * who cannot get a deposit or a margin top-up in during an outage get liquidated. Value = its age; crit also once
 * forced inclusion is possible and it is still not in (the sequencer is withholding it). The reason says when
 * forced inclusion becomes possible, or that the stack has none. Absent where the adapter reads no messages.
 */
export function deposits(observation: Observation, thresholds: Thresholds, now: number): Verdict | undefined {
  const reading = observation.deposits
  if (!reading) return undefined
  const threshold = thresholds.deposits
  const base = { chain: observation.chain, check: 'deposits', unit: 's', threshold } as const
  if (!reading.ok) return { ...base, status: 'unknown', value: null, reason: `cannot read L1→L2 messages: ${reading.error}` }
  const d = reading.value
  const progress = d.progress ? ` (${d.progress})` : ''
  const { oldest } = d
  if (!oldest) {
    if (d.behind !== undefined && d.behind > depositScanBehindBlocks)
      return { ...base, status: 'unknown', value: null, reason: `still scanning L1 for deposits: ${d.behind} L1 blocks left` }
    return { ...base, status: 'ok', value: 0, reason: `no L1→L2 message waiting${progress}`, details: { pending: 0 } }
  }
  const age = Math.max(0, now - oldest.sentAt)
  // Past the deadline (the L1 head beyond it) and still not in: the sequencer is withholding it.
  const overdue = d.forcedInclusionIn !== undefined && d.forcedInclusionIn < 0 && d.forcedInclusion !== 'sequencing-window'
  const status = overdue ? 'crit' : classify(age, threshold)
  const details: Record<string, number | string> = {
    pending: d.pending,
    oldest: oldest.id,
    ...(oldest.l1Block !== undefined ? { l1Block: Number(oldest.l1Block) } : {}),
    ...(d.forcedInclusionIn !== undefined ? { forcedInclusionIn: d.forcedInclusionIn } : {}),
    ...(d.forcedInclusionInBlocks !== undefined ? { forcedInclusionInBlocks: d.forcedInclusionInBlocks } : {}),
  }
  const more = d.pending > 1 ? ` (${d.pending} waiting)` : ''
  // Scroll's queue counts until the message is finalized on L1 (what enforced mode is judged by), ZKsync's until its
  // batch is executed on L1 (what the diamond counts as processed), not until it is on L2.
  const notYet = notYetText[d.source] ?? 'not on L2'
  const head = status === 'ok' ? `oldest L1→L2 message waits ${formatSeconds(age)}` : `L1→L2 message ${notYet} for ${formatSeconds(age)}`
  const at = oldest.l1Block !== undefined ? `, L1 block #${oldest.l1Block}` : ''
  return { ...base, status, value: age, reason: `${head}: ${oldest.id}${at}${more}${progress}; ${forcedInclusionText(d)}`, details }
}
