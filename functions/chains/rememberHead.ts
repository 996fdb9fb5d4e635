import type { Observation, ReorgFinding } from '../types.js'
import { compareHistory, type SeenBlock, type SeenHeads } from './compareHistory.js'
import { type BalanceHistory, rememberBalances } from './rememberBalances.js'
import { rememberThroughput, type ThroughputMemory } from './rememberThroughput.js'

/** What the store keeps per chain (pk HEAD, sk chain) so liveness runs on the wall clock, not only on block timestamps. */
export interface HeadMemory {
  readonly chain: string
  /** Highest L2 head number seen (block numbers stay far below 2^53). Only ever rises, unless a reset is accepted. */
  readonly number: number
  readonly hash: string
  /** That head's own timestamp (unix s, as the RPC claimed it). */
  readonly timestamp: number
  /** Wall clock (unix s) at which that head number was first seen. */
  readonly firstSeenAt: number
  /** Since when the RPC has served a head below `number`, without a break (see headResetAfterSeconds). */
  readonly behindSince?: number
  /** Block time estimate: follows a smaller measurement at once, a larger one only slowly (blockTimeGrowthSeconds). */
  readonly blockTimeSeconds?: number
  readonly blockTimeAt?: number
  /** The latest / safe / finalized heads last seen, re-read next tick (reorg). */
  readonly seen?: SeenHeads
  /** The newest history rewrite found, held for reorgHoldSeconds. */
  readonly reorg?: ReorgFinding
  /** Operator wallets' L1 balance samples (operator-balance), by address. */
  readonly balances?: BalanceHistory
  /** User transactions per block: recent and baseline averages (throughput). */
  readonly throughput?: ThroughputMemory
  /** Optimistic-concurrency counter. */
  readonly version: number
}

export interface RememberedHead {
  readonly observation: Observation
  /** The memory to store, when it changed (no write otherwise). */
  readonly memory?: HeadMemory
  /** Version of the memory read (undefined: none was), for the conditional write. */
  readonly expectedVersion?: number
}

/**
 * A head that stays below the remembered one this long (a chain reset, a regenesis, an RPC now on another
 * network) becomes the new baseline; until then liveness keeps counting from the higher head, so an RPC
 * flipping between two old heads cannot look fresh.
 */
export const headResetAfterSeconds = 3600

/**
 * A measured block time may grow by at most 1/blockTimeGrowthSeconds of itself per second (a few-fold a day). A halt sits inside the windows
 * blocks are measured over (safe→latest) until they move past it; without the brake a 3-minute halt stretched a
 * 2 s block time to 25 s and the derived liveness thresholds to 381 s / 1,524 s, just when the chain is fragile.
 */
export const blockTimeGrowthSeconds = 86400

/** A reorg is reported this long after it was seen: the chain is whole again at once, the event is not (one tick would never pass the alert engine's `for`). */
export const reorgHoldSeconds = 3600

/**
 * Annotates the observation from the chain's head memory (pure): `l2.value.headFirstSeenAt` (when the highest
 * head number was first seen, by the wall clock), `headWentBackFrom` when the head is below it, and a braked
 * `parameters.blockTimeSeconds`. Returns the memory to write when it changed. A failed read changes nothing.
 */
export function rememberHead(observation: Observation, remembered: HeadMemory | undefined, now: number): RememberedHead {
  const expectedVersion = remembered?.version
  const balances = observation.operatorBalances ? rememberBalances(observation.operatorBalances, remembered?.balances, now) : undefined
  const withBalances = balances ? { operatorBalances: balances.reading } : {}
  // The L2 unread: nothing is written (the balances' history waits for the next full read, the rate is unaffected).
  if (!observation.l2.ok) return { observation: { ...observation, reorg: observation.l2, throughput: observation.l2, ...withBalances }, expectedVersion }
  const heads = observation.l2.value
  const { latest } = heads
  const number = Number(latest.number)
  const version = (remembered?.version ?? 0) + 1

  let memory: HeadMemory
  let changed = true
  if (!remembered || number > remembered.number) {
    memory = { chain: observation.chain, number, hash: latest.hash, timestamp: latest.timestamp, firstSeenAt: now, version }
  } else if (number === remembered.number) {
    const { behindSince: _behindSince, ...kept } = remembered
    memory = kept
    changed = remembered.behindSince !== undefined
  } else {
    const behindSince = remembered.behindSince ?? now
    memory =
      now - behindSince >= headResetAfterSeconds
        ? { chain: observation.chain, number, hash: latest.hash, timestamp: latest.timestamp, firstSeenAt: now, version }
        : { ...remembered, behindSince }
    changed = remembered.behindSince === undefined || memory.number !== remembered.number
  }

  const history = rememberHistory(heads, remembered, now)
  const rate = rememberThroughput(heads, observation.stack, remembered?.throughput, now)
  const keptRate = rate.memory ?? remembered?.throughput
  const { seen: _seen, reorg: _reorg, balances: _balances, throughput: _throughput, ...withoutHistory } = memory
  const keptBalances = balances ? balances.history : remembered?.balances
  memory = {
    ...withoutHistory,
    ...(history.seen ? { seen: history.seen } : {}),
    ...(history.reorg ? { reorg: history.reorg } : {}),
    ...(keptBalances && Object.keys(keptBalances).length > 0 ? { balances: keptBalances } : {}),
    ...(keptRate ? { throughput: keptRate } : {}),
  }
  changed ||= history.changed || Boolean(balances?.changed) || rate.memory !== undefined

  const blockTime = brakeBlockTime(observation.parameters?.blockTimeSeconds, remembered, now)
  if (changed) {
    // The estimate is stored with the head (a new head is what brings a new measurement); else the old one is kept.
    const kept = blockTime !== undefined ? { blockTimeSeconds: blockTime, blockTimeAt: now } : pickBlockTime(remembered)
    memory = { ...memory, ...kept, version }
  }

  const annotated: Observation = {
    ...observation,
    l2: {
      ok: true,
      value: {
        ...heads,
        headFirstSeenAt: memory.firstSeenAt,
        ...(number < memory.number ? { headWentBackFrom: BigInt(memory.number) } : {}),
      },
    },
    ...(blockTime !== undefined ? { parameters: { ...observation.parameters, blockTimeSeconds: blockTime } } : {}),
    reorg: history.reading,
    ...withBalances,
    ...(rate.observation ? { throughput: { ok: true, value: rate.observation } } : {}),
  }
  return changed ? { observation: annotated, memory, expectedVersion } : { observation: annotated, expectedVersion }
}

interface RememberedHistory {
  readonly seen?: SeenHeads
  readonly reorg?: ReorgFinding
  readonly changed: boolean
  readonly reading: NonNullable<Observation['reorg']>
}

const sameBlock = (a: { number: number; hash: string } | undefined, b: { number: number; hash: string } | undefined) =>
  a?.number === b?.number && a?.hash === b?.hash

/**
 * Compares the re-read blocks with the heads seen (compareHistory), holds a finding for reorgHoldSeconds and moves
 * the seen heads on: to the chain as it is now, except while the head is below the one seen without a rewrite
 * (a stale backend must not become the reference).
 */
function rememberHistory(heads: L2HeadsValue, remembered: HeadMemory | undefined, now: number): RememberedHistory {
  const previous = remembered?.seen
  const comparison = compareHistory(previous, heads)
  const { finding } = comparison
  const repeated = finding && remembered?.reorg && remembered.reorg.kind === finding.kind && remembered.reorg.height === finding.height
  const found: ReorgFinding | undefined = finding ? { ...finding, at: repeated ? remembered!.reorg!.at : now } : undefined
  const held = found ?? (remembered?.reorg && now - remembered.reorg.at < reorgHoldSeconds ? remembered.reorg : undefined)

  const rewritten = finding && (finding.kind === 'unsafe' || finding.kind === 'safe' || finding.kind === 'finalized')
  const toSeen = (block: L2HeadsValue['latest'] | undefined, withParent: boolean): SeenBlock | undefined =>
    block ? { number: Number(block.number), hash: block.hash, ...(withParent && block.parentHash ? { parentHash: block.parentHash } : {}) } : undefined
  const pick = (fresh: SeenBlock | undefined, old: SeenBlock | undefined) => (!old || rewritten || (fresh && fresh.number >= old.number) ? (fresh ?? old) : old)
  const latest = pick(toSeen(heads.latest, true), previous?.latest)!
  const safe = pick(toSeen(heads.safe, false), previous?.safe)
  const finalized = pick(toSeen(heads.finalized, false), previous?.finalized)
  const seen: SeenHeads = { latest, ...(safe ? { safe } : {}), ...(finalized ? { finalized } : {}) }

  const changed =
    !sameBlock(seen.latest, previous?.latest) ||
    seen.latest.parentHash !== previous?.latest.parentHash ||
    !sameBlock(seen.safe, previous?.safe) ||
    !sameBlock(seen.finalized, previous?.finalized) ||
    held?.at !== remembered?.reorg?.at ||
    held?.kind !== remembered?.reorg?.kind
  const reading: RememberedHistory['reading'] =
    comparison.error !== undefined && !held
      ? { ok: false, error: comparison.error }
      : { ok: true, value: { compared: comparison.compared, ...(held ? { finding: held } : {}) } }
  return { seen, ...(held ? { reorg: held } : {}), changed, reading }
}

type L2HeadsValue = Extract<Observation['l2'], { ok: true }>['value']

function pickBlockTime(memory: HeadMemory | undefined): Pick<HeadMemory, 'blockTimeSeconds' | 'blockTimeAt'> {
  return memory?.blockTimeSeconds !== undefined ? { blockTimeSeconds: memory.blockTimeSeconds, blockTimeAt: memory.blockTimeAt ?? 0 } : {}
}

function brakeBlockTime(measured: number | undefined, remembered: HeadMemory | undefined, now: number): number | undefined {
  if (measured === undefined || !(measured > 0)) return measured
  const previous = remembered?.blockTimeSeconds
  if (previous === undefined) return measured
  const elapsed = Math.max(0, now - (remembered?.blockTimeAt ?? now))
  return Math.min(measured, previous * (1 + elapsed / blockTimeGrowthSeconds))
}
