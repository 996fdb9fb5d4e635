// The stack-independent part of a replay driver: nodes, the sampled L2, the L1 clock, the batch/root cadence and
// the events every stack shares. A stack (createOpStackDriver, createArbitrumDriver, …) supplies its deployment,
// how a batch and a root are posted on L1, its config entry and its own events.
import type { Address } from 'viem'
import type { Anvil } from '../../test/devnet/anvil.js'
import { deployPausableTarget, PAUSER_ADDRESS } from '../../test/devnet/breakerDevnet.js'
import type { ResultRewrite } from '../../test/devnet/rpcProxy.js'
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { type CadenceOptions, createCadence, type DueItem } from './createCadence.js'
import { createJitter } from './createJitter.js'
import { createL1Clock, type L1Clock } from './createL1Clock.js'
import { createSampledL2, type SampledL2 } from './createSampledL2.js'
import type { CoreEventName } from './replayCoreEvents.js'
import { replaySampling } from './replaySampling.js'
import type { ScenarioChain, ScenarioEvent } from './scenarioSchema.js'
import { type ReplayNodes, startReplayNodes } from './startReplayNodes.js'

/** What a stack's hooks get: the chain, its L1 (node and clock), the sampled L2 and the scenario's jitter. */
export interface ReplayCore {
  readonly chain: ScenarioChain
  readonly l1: Anvil
  readonly l1Clock: L1Clock
  readonly l2: SampledL2
  readonly jitter: ReturnType<typeof createJitter>
  /** A root now (for the safe head, if no root covers it yet), through the stack's postRoot. */
  postRoot(at: number): Promise<void>
}

/** An L1 action of the stack at its own time (a game resolved, an assertion confirmed), run before later blocks. */
export interface TimedAction {
  readonly at: number
  run(): Promise<void>
}

/** The events a stack handles itself: everything but the core's. */
export type StackEvent = Exclude<ScenarioEvent, { do: CoreEventName }>

export interface ReplayStack {
  /** The chain's entry of the generated watchtower config; `l2Rpc` are the proxies' URLs unless the caller gives others. */
  configInput(l2Rpc: readonly string[], l1Rpc: string): Record<string, unknown>
  /** A batch posted at virtual time `at`: the sampled L2 already made its head the safe block. None: no batches. */
  postBatch?(core: ReplayCore, params: { at: number }): Promise<void>
  /**
   * A root for `l2BlockNumber` posted at `at`; `invalid` (1, 2, …): a claim no honest node computed. None: no roots.
   * Where proving lags (ZK stacks prove what was posted a while ago) it may cover an older block: it returns that
   * block, or null when it posted nothing (nothing old enough yet), so the next root still covers what is left.
   */
  postRoot?(core: ReplayCore, params: { l2BlockNumber: bigint; at: number; invalid?: number }): Promise<bigint | null | void>
  /** The stack's own L1 actions due by `t`, each taken out of the stack's queue once returned. */
  settle?(core: ReplayCore, t: number): TimedAction[]
  /** Before L2 blocks are mined (the L1 origin a healthy sequencer builds on). */
  beforeMine?(core: ReplayCore): Promise<void>
  /** Every endpoint's rewrite of L2 results (fields the real node adds to blocks). */
  readonly rewriteResults?: ResultRewrite
  /** The stack's own events (only those its registry row lists reach it). */
  apply?(core: ReplayCore, event: StackEvent, t: number): Promise<void>
  /**
   * Transactions in the newest block of each run (the one a tick reads): `system` ones every block carries (OP's L1
   * attributes deposit, ArbOS's start-block), `user` ones that `empty-blocks` removes. None: empty blocks.
   */
  readonly blockTransactions?: { readonly system: number; readonly user: number }
  /** Cadence tuning; default: a 25-min batch pause at 0.5 % of batches, a root gap stretched 1.5× at 2 % of roots. */
  readonly cadence?: Pick<CadenceOptions, 'longBatchGap' | 'rootRestartGap'>
}

export interface ReplayStackSpec {
  readonly l1ChainId: number
  readonly l2ChainId: number
  /** Deploys the stack's contracts on the started nodes (L1 contracts, L2 predeploys) and returns its hooks. */
  setup(nodes: ReplayNodes): Promise<ReplayStack>
}

/** Anvil's last default account (unlocked, funded): it sends the L2's ordinary traffic, zero-value self-transfers. */
const trafficAccount = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

/** `count` transactions into the L2 node's pool, for the next block it mines. */
async function sendTransactions(l2: Anvil, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await l2.rpc('eth_sendTransaction', [{ from: trafficAccount, to: trafficAccount, value: '0x0' }])
}

export async function createReplayDriver(chain: ScenarioChain, options: DriverOptions, spec: ReplayStackSpec): Promise<ChainDriver> {
  const { slotsInAnEpoch, sampledBlocks } = replaySampling(options.maxReorgDepth, chain.blockTime)
  const nodes = await startReplayNodes({ l1ChainId: spec.l1ChainId, l2ChainId: spec.l2ChainId, rpcs: chain.rpcs, slotsInAnEpoch })
  try {
    const stack = await spec.setup(nodes)
    const target = await deployPausableTarget(nodes.l1, { pauser: PAUSER_ADDRESS })
    const jitter = createJitter(options.jitter ? options.seed : undefined)
    const l1Clock = await createL1Clock(nodes.l1)
    let core: ReplayCore | undefined
    const transactions = stack.blockTransactions
    const fill = transactions ? { empty: false } : undefined
    const l2 = await createSampledL2(nodes.l2, nodes.proxies, {
      blockTime: chain.blockTime,
      sampledBlocks,
      jitter,
      ...(stack.beforeMine ? { beforeMine: () => stack.beforeMine!(core!) } : {}),
      ...(stack.rewriteResults ? { rewriteResults: stack.rewriteResults } : {}),
      ...(stack.postBatch ? {} : { ownSafeLag: slotsInAnEpoch }),
      ...(transactions && fill ? { fillNewest: () => sendTransactions(nodes.l2, transactions.system + (fill.empty ? 0 : transactions.user)) } : {}),
    })
    const driver = driveStack({ chain, l1: nodes.l1, l1Clock, l2, jitter }, stack, { nodes, target: target.address, sampledBlocks, fill })
    core = driver.core
    return driver.driver
  } catch (error) {
    await nodes.stop()
    throw error
  }
}

function driveStack(
  parts: Omit<ReplayCore, 'postRoot'>,
  stack: ReplayStack,
  { nodes, target, sampledBlocks, fill }: { nodes: ReplayNodes; target: Address; sampledBlocks: number; fill: { empty: boolean } | undefined },
): { core: ReplayCore; driver: ChainDriver } {
  const { chain, l1Clock, l2 } = parts
  const cadence = createCadence({
    ...(stack.postBatch ? { batchEvery: chain.batchEvery } : {}),
    ...(stack.postRoot ? { rootEvery: chain.rootEvery } : {}),
    jitter: parts.jitter,
    ...stack.cadence,
  })
  let lastRootBlock = 0n
  let invalidRoots = 0

  const postBatch = async (at: number) => {
    if (!stack.postBatch) return
    l2.markSafe()
    await stack.postBatch(core, { at })
  }
  const postRoot = async (at: number, invalid?: number) => {
    if (!stack.postRoot) return
    // Proposers propose for blocks the L1 already has (≤ safe); never the same block twice.
    const block = l2.safeBlock > lastRootBlock ? l2.safeBlock : undefined
    if (block === undefined && !invalid) return
    const l2BlockNumber = block ?? lastRootBlock + 1n
    if (l2BlockNumber > BigInt(l2.head.number)) return
    const covered = await stack.postRoot(core, { l2BlockNumber, at, ...(invalid ? { invalid } : {}) })
    if (covered !== null) lastRootBlock = covered ?? l2BlockNumber
  }
  const core: ReplayCore = { ...parts, postRoot: (at) => postRoot(at) }

  const driver: ChainDriver = {
    name: chain.name,
    startTime: Math.max(l2.head.timestamp, l1Clock.time) + 60,
    configInput: (urls) => stack.configInput(urls ?? nodes.proxies.map((proxy) => proxy.url), nodes.l1.url),
    breakerTarget: target,

    async begin(t0) {
      await l1Clock.advance(t0)
      await l2.mine(sampledBlocks, t0 - (sampledBlocks - 1) * chain.blockTime)
      await postBatch(t0)
      await postRoot(t0)
      cadence.start(t0)
      l2.applyEndpoints()
    },

    async advanceTo(t) {
      // Batches and roots happen at their own times between ticks: the chain is brought to each first, so the
      // safe head is the block of the last batch and a root's L1 time is when it was posted (not the tick's).
      const settled = (stack.settle?.(core, t) ?? []).map((action) => ({ at: action.at, what: 'settle' as const, action }))
      const due: ((DueItem & { action?: undefined }) | (typeof settled)[number])[] = [...settled, ...cadence.due(t)]
      // Only the last batch before the tick shows (the safe head is where it left it).
      const lastBatch = due.filter((item) => item.what === 'batch').at(-1)
      for (const item of due.filter((item) => item.what !== 'batch' || item === lastBatch).sort((x, y) => x.at - y.at)) {
        if (item.what === 'settle') {
          await item.action.run()
          continue
        }
        // One block at the batch's time is enough: it becomes the safe head.
        await l1Clock.advance(item.at)
        await l2.advance(item.at, 1)
        if (item.what === 'batch') await postBatch(item.at)
        else await postRoot(item.at)
      }
      await l1Clock.advance(t)
      await l2.advance(t)
      l2.applyEndpoints()
    },

    async apply(event, t) {
      switch (event.do) {
        case 'head-halt':
          l2.halt()
          break
        case 'head-resume':
          await l2.resume(t, event.backfill)
          break
        case 'batches-stop':
          cadence.stopBatches()
          break
        case 'batches-resume':
          cadence.resumeBatches(t)
          await postBatch(t)
          break
        case 'roots-stop':
          cadence.stopRoots()
          break
        case 'roots-resume':
          cadence.resumeRoots(t)
          await postRoot(t)
          break
        case 'root-invalid':
          await postRoot(t, ++invalidRoots)
          break
        case 'reorg':
          await l2.reorg(event.depth, event.belowSafe)
          break
        case 'rpc-stuck':
          l2.setEndpoint(event.index, { stuckAt: { latest: BigInt(l2.head.number), safe: l2.safeBlock } })
          break
        case 'rpc-down':
          l2.setEndpoint(event.index, { down: true })
          break
        case 'rpc-future':
          l2.setEndpoint(event.index, { future: true })
          break
        case 'rpc-recover':
          l2.setEndpoint(event.index, {})
          break
        case 'empty-blocks':
        case 'empty-blocks-end':
          if (fill) fill.empty = event.do === 'empty-blocks'
          break
        default:
          await stack.apply?.(core, event, t)
      }
      l2.applyEndpoints()
    },

    stop: () => nodes.stop(),
  }
  return { core, driver }
}
