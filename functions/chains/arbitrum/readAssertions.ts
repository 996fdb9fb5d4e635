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
  /** The newest AssertionCreated seen: reported again by a tick that does not scan. */
  created?: FoundLog
  /** L1 head the AssertionCreated scan last covered; a child created after it is new. */
  createdScannedTo?: bigint
}

/** A getAssertion() read of the counters request that tells whether a new assertion may be there. */
export interface AssertionProbe {
  readonly assertionHash: Hash
  /** firstChildBlock of the newest assertion seen (a child: a newer one), secondChildBlock of its parent (a rival). */
  readonly field: 'firstChildBlock' | 'secondChildBlock'
}

/**
 * What the next counters request asks getAssertion() of (pure): the newest assertion seen, and its parent, or
 * before any is seen the latest confirmed one. Their child blocks (0 for none; the L1 block it was created in)
 * say whether an AssertionCreated landed since the last scan, so a quiet tick scans no log.
 */
export function assertionProbes(cache: AssertionCache, latestConfirmed: Hash | undefined): AssertionProbe[] {
  const newest = cache.created?.args.assertionHash as Hash | undefined
  const parent = cache.created?.args.parentAssertionHash as Hash | undefined
  if (!newest) return latestConfirmed ? [{ assertionHash: latestConfirmed, field: 'firstChildBlock' }] : []
  return [{ assertionHash: newest, field: 'firstChildBlock' }, ...(parent ? [{ assertionHash: parent, field: 'secondChildBlock' } as const] : [])]
}

export interface ReadAssertionsParameters {
  readonly rollup: Address
  readonly head: bigint
  /** Rollup.latestConfirmed(), read this tick. */
  readonly latestConfirmed: Hash
  readonly cache: AssertionCache
  readonly cursors: CursorStore
  /**
   * The probes' answers (assertionProbes): the L1 blocks at which those children were created, 0 for none.
   * Undefined (no probe, or one failed): scan. A block past the last scan means a new AssertionCreated.
   */
  readonly childBlocks?: readonly bigint[]
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

/** Whether an AssertionCreated may have landed since the last scan (a child block past it, or nothing to go by). */
function createdMayHaveMoved(cache: AssertionCache, childBlocks: readonly bigint[] | undefined): boolean {
  const scannedTo = cache.createdScannedTo
  return scannedTo === undefined || childBlocks === undefined || childBlocks.some((block) => block > scannedTo)
}

/**
 * BoLD assertions: the L1 time of the newest AssertionCreated ("last root posted") and the newest
 * AssertionConfirmed (its L2 block hash is the newest final L2 state). Each scan is incremental and runs only
 * when a counter says something moved: the created scan when a probed child block is past its last scan
 * (`childBlocks`), the confirmed scan when `latestConfirmed()` moved.
 */
export async function readAssertions(client: PublicClient, parameters: ReadAssertionsParameters): Promise<AssertionsReading> {
  const { rollup, head, latestConfirmed, cache, cursors } = parameters
  const scan = { head, ...parameters.scan }

  const scanNewest = (events: AbiEvent[], name: string) => scanLatestLog(client, { address: rollup, events, name, cursors, ...scan })
  const [created] = await Promise.all([
    createdMayHaveMoved(cache, parameters.childBlocks)
      ? scanNewest(createdEvents, `${rollup}:AssertionCreated`).then((found) => {
          cache.created = found
          cache.createdScannedTo = head
          return found
        })
      : cache.created,
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
