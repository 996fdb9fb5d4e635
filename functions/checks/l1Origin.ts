import type { L1OriginObservation, Observation, Verdict } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/** Ethereum slot time, where only a block lag is known (Arbitrum's l1BlockNumber). */
const defaultL1BlockSeconds = 12

/**
 * How far the L2's view of L1 trails the L1 head. OP Stack: L1 head time − the L1Block predeploy's timestamp
 * at the L2 head; the sequencer keeps building on a stale origin until the max sequencer drift, then halts (Base,
 * 2023-09-05: halted 10 min after its L1 nodes died), so the reason counts down to that halt. Arbitrum: the head
 * block's l1BlockNumber behind the L1 head, in L1 blocks × 12 s; warn only (the sequencer's L1 view lagging
 * delays deposits, it halts nothing). Absent where the adapter reads no origin.
 */
export function l1Origin(observation: Observation, thresholds: Thresholds, _now: number): Verdict | undefined {
  const reading = observation.l1Origin
  if (!reading) return undefined
  const threshold = thresholds.l1Origin
  const base = { chain: observation.chain, check: 'l1-origin', unit: 's', threshold } as const
  if (!reading.ok) return { ...base, status: 'unknown', value: null, reason: `cannot read the L2's L1 origin: ${reading.error}` }
  const origin = reading.value
  return origin.source === 'l1-block-predeploy' ? judgeDrift(origin, base) : judgeL1View(origin, base)
}

type Base = Pick<Verdict, 'chain' | 'check' | 'unit' | 'threshold'>

function judgeDrift(origin: L1OriginObservation, base: Base): Verdict {
  const { l1Block, l1Timestamp, l1Head, maxSequencerDriftSeconds } = origin
  const blocksBehind = l1Head.number > l1Block ? Number(l1Head.number - l1Block) : 0
  if (l1Timestamp === undefined || l1Head.timestamp === undefined)
    return { ...base, status: 'unknown', value: null, reason: `the L2's L1 origin (#${l1Block}) or the L1 head has no timestamp` }
  const gap = Math.max(0, l1Head.timestamp - l1Timestamp)
  const status = classify(gap, base.threshold)
  const details: Record<string, number> = { l1OriginBlock: Number(l1Block), l1HeadBlock: Number(l1Head.number), blocksBehind }
  const behind = `L2's L1 origin is ${formatSeconds(gap)} behind L1`
  if (maxSequencerDriftSeconds === undefined) return { ...base, status, value: gap, reason: `${behind} (L1 block #${l1Block})`, details }
  const haltIn = maxSequencerDriftSeconds - gap
  Object.assign(details, { maxSequencerDrift: maxSequencerDriftSeconds, haltIn })
  if (haltIn <= 0)
    return {
      ...base,
      status: 'crit',
      value: gap,
      reason: `${behind}, past the ${formatSeconds(maxSequencerDriftSeconds)} max sequencer drift: the sequencer cannot build on it (halted, or reorging to catch up)`,
      details,
    }
  const reason =
    status === 'ok'
      ? `${behind} (L1 block #${l1Block}, ${blocksBehind} blocks)`
      : `${behind}: the sequencer halts in ~${formatSeconds(haltIn)} unless it catches up (L1 origin #${l1Block}, ${blocksBehind} blocks behind)`
  return { ...base, status, value: gap, reason, details }
}

function judgeL1View(origin: L1OriginObservation, base: Base): Verdict {
  const { l1Block, l1Head, l1BlockSeconds = defaultL1BlockSeconds } = origin
  const blocksBehind = l1Head.number > l1Block ? Number(l1Head.number - l1Block) : 0
  const lag = blocksBehind * l1BlockSeconds
  const status = classify(lag, base.threshold) === 'ok' ? 'ok' : 'warn'
  const details = { l1OriginBlock: Number(l1Block), l1HeadBlock: Number(l1Head.number), blocksBehind }
  const behind = `the sequencer's L1 view (L1 block #${l1Block}) is ${blocksBehind} L1 blocks (~${formatSeconds(lag)}) behind L1`
  const reason = status === 'ok' ? behind : `${behind}: deposits from L1 wait until it catches up`
  return { ...base, status, value: lag, reason, details }
}
