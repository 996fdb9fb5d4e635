import type { Abi, AbiEvent, Address, Hash, PublicClient } from 'viem'
import type { Alarm, StateRootObservation } from '../../types.js'
import type { FindLatestLogParameters } from '../findLatestLog.js'
import type { CursorStore, FoundLog } from '../LogCursor.js'
import { boldRollupAbi, legacyRollupAbi } from './abis.js'
import { scanLatestLog } from '../scanLatestLog.js'
import type { NewestAssertion } from './createAssertionValidator.js'

const event = (abi: Abi, name: string) => abi.find((item): item is AbiEvent => item.type === 'event' && item.name === name)!

// Legacy events ride along in the same eth_getLogs calls (topic0 OR): a rollup that emits them is pre-BoLD.
const createdEvents: AbiEvent[] = [event(boldRollupAbi, 'AssertionCreated'), event(legacyRollupAbi, 'NodeCreated')]
const confirmedEvents: AbiEvent[] = [event(boldRollupAbi, 'AssertionConfirmed'), event(legacyRollupAbi, 'NodeConfirmed')]

export interface AssertionCache {
  /** latestConfirmed() whose confirmation log has been looked for. */
  confirmedHash?: Hash
  confirmed?: FoundLog
}

export interface ReadAssertionsParameters {
  readonly rollup: Address
  readonly head: bigint
  /** Rollup.latestConfirmed(), read this tick. */
  readonly latestConfirmed: Hash
  readonly cache: AssertionCache
  readonly cursors: CursorStore
  /** What Bridge.rollup() answered, named in the pre-BoLD alarm when it differs. */
  readonly bridgeRollup?: Address
  /** Chunk size and lookback of the log scans (the chain's logScan config). */
  readonly scan?: Pick<FindLatestLogParameters, 'maxRange' | 'lookback'>
}

export interface AssertionsReading extends StateRootObservation {
  /** L2 block hash of the newest confirmed assertion (AssertionConfirmed.blockHash); its timestamp is read on L2. */
  readonly confirmedBlockHash?: Hash
  /** The newest AssertionCreated's after-state ([blockHash, sendRoot]), verified against the L2 (state-root-validity). */
  readonly newestAssertion?: NewestAssertion
}

/** afterState.globalState.bytes32Vals of an AssertionCreated log (its AssertionInputs struct is kept as JSON). */
function newestAssertionOf(created: FoundLog): NewestAssertion | undefined {
  try {
    const inputs = JSON.parse(created.args.assertion ?? '') as { afterState?: { globalState?: { bytes32Vals?: readonly Hash[] } } }
    const [blockHash, sendRoot] = inputs.afterState?.globalState?.bytes32Vals ?? []
    const assertionHash = created.args.assertionHash as Hash | undefined
    return blockHash && sendRoot && assertionHash ? { assertionHash, blockHash, sendRoot, createdAt: created.timestamp } : undefined
  } catch {
    return undefined // a cursor stored before structs were kept
  }
}

/** The alarm for a rollup that still speaks nodes, not assertions. */
export function preBoldAlarm(rollup: Address, bridgeRollup?: Address): Alarm {
  const hint = bridgeRollup && bridgeRollup.toLowerCase() !== rollup.toLowerCase() ? ` (Bridge.rollup() is ${bridgeRollup})` : ''
  return {
    severity: 'crit',
    message: `pre-BoLD rollup at ${rollup} (NodeCreated/NodeConfirmed): assertions not read; point contracts.rollup at the BoLD rollup${hint}`,
  }
}

/**
 * BoLD assertions: the L1 time of the newest AssertionCreated ("last root posted") and the newest
 * AssertionConfirmed (its L2 block hash is the newest final L2 state). The created scan is one incremental
 * eth_getLogs per tick; the confirmed scan runs only when `latestConfirmed()` moved.
 */
export async function readAssertions(client: PublicClient, parameters: ReadAssertionsParameters): Promise<AssertionsReading> {
  const { rollup, head, latestConfirmed, cache, cursors } = parameters
  const scan = { head, ...parameters.scan }

  const scanNewest = (events: AbiEvent[], name: string) => scanLatestLog(client, { address: rollup, events, name, cursors, ...scan })
  const [created] = await Promise.all([
    scanNewest(createdEvents, `${rollup}:AssertionCreated`),
    cache.confirmedHash === latestConfirmed
      ? undefined
      : scanNewest(confirmedEvents, `${rollup}:AssertionConfirmed`).then((confirmed) => {
          cache.confirmed = confirmed
          cache.confirmedHash = latestConfirmed
        }),
  ])

  const confirmed = cache.confirmed
  if (created?.eventName === 'NodeCreated' || confirmed?.eventName === 'NodeConfirmed')
    return { source: 'arbitrum-assertions', alarms: [preBoldAlarm(rollup, parameters.bridgeRollup)] }
  return {
    source: 'arbitrum-assertions',
    ...(created ? { lastPostedAt: created.timestamp } : {}),
    ...(created && newestAssertionOf(created) ? { newestAssertion: newestAssertionOf(created)! } : {}),
    ...(confirmed?.args.blockHash ? { confirmedBlockHash: confirmed.args.blockHash as Hash } : {}),
  }
}
