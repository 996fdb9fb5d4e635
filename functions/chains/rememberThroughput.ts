import type { StackName } from '../config/schema.js'
import type { L2Heads, ThroughputObservation } from '../types.js'

/** What the store keeps per chain for throughput (inside HEAD / <chain>): two time-weighted averages of user transactions per block. */
export interface ThroughputMemory {
  /** Long average (baselineSeconds time constant). */
  readonly baseline: number
  /** Short average (recentSeconds time constant). */
  readonly recent: number
  /** Unix s of the last sample, and of the first (the baseline's age). */
  readonly at: number
  readonly since: number
  /** Highest block sampled: one sample per new head. */
  readonly block: number
}

export const baselineSeconds = 6 * 3600
export const recentSeconds = 600
/** Below this many user transactions per block the baseline is a quiet chain, never judged. */
export const minimumBaseline = 0.5

/**
 * Transactions every block carries that no user sent, per stack: an OP Stack block starts with the L1 attributes
 * deposit (type 0x7e), an Arbitrum block with ArbOS's internal start-block transaction (type 0x6a). A block of only
 * those counts as empty.
 */
export const systemTransactionsPerBlock: Readonly<Record<StackName, number>> = { 'op-stack': 1, arbitrum: 1, zksync: 0, scroll: 0, linea: 0, evm: 0 }

const decay = (elapsed: number, timeConstant: number) => Math.exp(-Math.max(0, elapsed) / timeConstant)

/**
 * Folds the newest block's user transactions into the two averages (pure; one sample per new head, weighted by the
 * time since the last). The short average needs ln 5 × recentSeconds (~16 min) of empty blocks to fall from a normal
 * rate under 20 % of it: the "sustained" is in the average, one empty block moves it little.
 */
export function rememberThroughput(heads: L2Heads, stack: StackName, remembered: ThroughputMemory | undefined, now: number): { memory?: ThroughputMemory; observation?: ThroughputObservation } {
  const { latest } = heads
  if (latest.transactions === undefined) return {}
  const number = Number(latest.number)
  const userTransactions = Math.max(0, latest.transactions - systemTransactionsPerBlock[stack])
  let memory: ThroughputMemory
  if (!remembered) memory = { baseline: userTransactions, recent: userTransactions, at: now, since: now, block: number }
  else if (number <= remembered.block) memory = remembered
  else {
    const elapsed = now - remembered.at
    const long = decay(elapsed, baselineSeconds)
    const short = decay(elapsed, recentSeconds)
    memory = {
      ...remembered,
      baseline: remembered.baseline * long + userTransactions * (1 - long),
      recent: remembered.recent * short + userTransactions * (1 - short),
      at: now,
      block: number,
    }
  }
  return {
    ...(memory !== remembered ? { memory } : {}),
    observation: {
      block: number,
      userTransactions,
      ...(latest.gasUsed !== undefined ? { gasUsed: Number(latest.gasUsed) } : {}),
      baseline: memory.baseline,
      recent: memory.recent,
      baselineAge: now - memory.since,
    },
  }
}
