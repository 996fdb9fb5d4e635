// Drives an OP Stack devnet (L1 contracts, an L2 node behind one loopback proxy per RPC) along a replay timeline.
// Time is sampled: at each tick the L2 gets the blocks just before it (all of them when few are due, else a run of
// consecutive blocks ending at the tick), so head age, block time and safe lag read true without mining a week.
import { type Address, type Hex, keccak256, parseEther, toHex } from 'viem'
import { type Anvil, latestBlock, startAnvil } from '../../test/devnet/anvil.js'
import { deployPausableTarget, PAUSER_ADDRESS } from '../../test/devnet/breakerDevnet.js'
import { DEV_BATCHER, deployOpStack, installL1Block, type L1OriginSetter, type OpStackDevnet } from '../../test/devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../../test/devnet/rpcProxy.js'
import type { ChainDriver } from './ChainDriver.js'
import { createJitter } from './createJitter.js'
import type { ScenarioChain, ScenarioEvent } from './scenarioSchema.js'

/**
 * anvil `--slots-in-an-epoch` N makes `finalized` = latest − 2N; each tick mines a run of 2N + 2 consecutive blocks,
 * so `finalized` lies inside it and the block time read from the heads is true (`safe` is the proxies' own: the
 * last batch's block). N grows with the deepest reorg of the scenario, so a reorg never reaches anvil's `finalized`
 * (on a real OP chain it trails by many minutes): N = 1 (runs of 4 blocks, the mining is the cost) unless deeper.
 */
function sampling(maxReorgDepth: number): { slotsInAnEpoch: number; sampledBlocks: number } {
  const slotsInAnEpoch = Math.max(1, Math.ceil((maxReorgDepth + 1) / 2))
  return { slotsInAnEpoch, sampledBlocks: 2 * slotsInAnEpoch + 2 }
}
/** A backfill after a halt releases at most this many blocks (OP Stack backfills evenly spaced blocks). */
const maxBackfill = 3000
const l1BlockTime = 12
/** The devnet games' max clock duration (deployOpStack's default, OP Mainnet's 3.5 d), and when after it a game is resolved. */
const maxClockSeconds = 302_400
const resolveAfterSeconds = 600
/** How far ahead an `rpc-future` endpoint stamps its heads. */
const futureSeconds = 600

interface EndpointState {
  stuckAt?: { latest: bigint; safe: bigint }
  down?: boolean
  future?: boolean
}

export async function createOpStackDriver(chain: ScenarioChain, options: { jitter: boolean; seed: number; maxReorgDepth: number }): Promise<ChainDriver> {
  const { slotsInAnEpoch, sampledBlocks } = sampling(options.maxReorgDepth)
  const [l1, l2] = await Promise.all([startAnvil({ chainId: 900 }), startAnvil({ chainId: 901, slotsInAnEpoch, noMining: true })])
  let proxies: RpcProxy[] = []
  try {
    proxies = await Promise.all(Array.from({ length: chain.rpcs }, () => startRpcProxy(l2.url)))
    const devnet = await deployOpStack(l1, { l2 })
    const target = await deployPausableTarget(l1, { pauser: PAUSER_ADDRESS })
    const l1Block = await installL1Block(l2)
    return await driveOpStack(chain, { l1, l2, proxies, devnet, l1Block, target: target.address, jitter: options.jitter, seed: options.seed, sampledBlocks })
  } catch (error) {
    await Promise.all([...proxies.map((proxy) => proxy.stop()), l1.stop(), l2.stop()])
    throw error
  }
}

async function driveOpStack(
  chain: ScenarioChain,
  {
    l1,
    l2,
    proxies,
    devnet,
    l1Block,
    target,
    jitter: jittered,
    seed,
    sampledBlocks,
  }: { l1: Anvil; l2: Anvil; proxies: RpcProxy[]; devnet: OpStackDevnet; l1Block: L1OriginSetter; target: Address; jitter: boolean; seed: number; sampledBlocks: number },
): Promise<ChainDriver> {
  const jitter = createJitter(jittered ? seed : undefined)
  const blockTime = chain.blockTime
  const endpoints: EndpointState[] = proxies.map(() => ({}))
  let l2Head = await latestBlock(l2)
  let l1Time = (await latestBlock(l1)).timestamp
  let halted = false
  let originFrozen = false
  let l1Number = (await latestBlock(l1)).number
  let originSet: number | undefined
  /** An L1 transaction mined a block since l1Number was read. */
  let l1Moved = false
  let batchesStopped = false
  let rootsStopped = false
  let safeBlock = 0n
  let nextBatchAt = 0
  let nextRootAt = 0
  let lastRootBlock = 0n
  let invalidRoots = 0
  /** Games not yet resolved: an honest game resolves DEFENDER_WINS once its clock (3.5 d) ran out, as on mainnet. */
  const unresolved: { game: Address; createdAt: number }[] = []

  const startTime = Math.max(l2Head.timestamp, l1Time) + 60

  /** The tags each endpoint answers with: the batcher's safe head, an endpoint's own stuck head, its future stamps. */
  const applyEndpoints = () =>
    proxies.forEach((proxy, i) => {
      const state = endpoints[i]!
      proxy.setDown(state.down ? '503' : false)
      proxy.freezeTag('latest', state.stuckAt ? state.stuckAt.latest : null)
      proxy.freezeTag('safe', state.stuckAt ? state.stuckAt.safe : safeBlock)
      proxy.freezeTag('finalized', state.stuckAt ? state.stuckAt.safe : null)
      proxy.rewriteResults(
        state.future
          ? (call, result) => {
              if (call.method !== 'eth_getBlockByNumber' || !result || typeof result !== 'object') return undefined
              const block = result as { timestamp: Hex }
              return { result: { ...block, timestamp: toHex(BigInt(block.timestamp) + BigInt(futureSeconds)) } }
            }
          : null,
      )
    })

  /** L1 blocks up to `t` (one every 12 s, only the last one mined: nothing on L1 reads the ones between). */
  const advanceL1 = async (t: number) => {
    const slot = Math.floor(t / l1BlockTime) * l1BlockTime
    if (slot > l1Time) {
      await l1.rpc('evm_mine', [slot])
      l1Time = slot
      l1Number++
    }
  }
  /** The next L1 transaction's timestamp at virtual time t (strictly after the L1 head). */
  const l1TxTime = (t: number) => {
    l1Moved = true
    l1Time = Math.max(l1Time + 1, t)
    return l1Time
  }

  /** `count` blocks `interval` apart, the first at `first`; they carry the L1 origin (L1Block) the sequencer uses. */
  const mineL2 = async (count: number, first: number, interval: number) => {
    if (count <= 0) return
    // A healthy sequencer builds on the L1 head; a frozen origin stays where it was (the L2 head keeps the old one).
    if (!originFrozen && originSet !== l1Time) {
      if (l1Moved) ({ number: l1Number, timestamp: l1Time } = await latestBlock(l1))
      l1Moved = false
      await l1Block.setOrigin({ number: l1Number, timestamp: l1Time })
      originSet = l1Time
    }
    if (count === 1) await l2.rpc('evm_mine', [first])
    else {
      await l2.rpc('evm_setNextBlockTimestamp', [first])
      await l2.rpc('anvil_mine', [toHex(count), toHex(interval)])
    }
    l2Head = await latestBlock(l2)
  }

  const advanceL2 = async (t: number, most = sampledBlocks) => {
    if (halted) return
    // A missed slot now and then (block-time jitter): the head is one block older at this tick.
    const last = Math.floor((t - jitter.skip(0.05) * blockTime - l2Head.timestamp) / blockTime)
    if (last <= 0) return
    const count = Math.min(last, most)
    await mineL2(count, l2Head.timestamp + (last - count + 1) * blockTime, blockTime)
  }

  const postBatch = () => {
    safeBlock = BigInt(l2Head.number)
  }

  const postRoot = async (t: number, rootClaim?: Hex) => {
    // Proposers propose for blocks the L1 already has (≤ safe); never the same block twice.
    const block = safeBlock > lastRootBlock ? safeBlock : undefined
    if (block === undefined && !rootClaim) return false
    const l2BlockNumber = block ?? lastRootBlock + 1n
    if (l2BlockNumber > BigInt(l2Head.number)) return false
    const createdAt = l1TxTime(t)
    const game = await devnet.createGame({ l2BlockNumber, timestamp: createdAt, ...(rootClaim ? { rootClaim } : {}) })
    // An invalid claim is challenged and never resolves for its proposer; an honest one does.
    if (!rootClaim) unresolved.push({ game, createdAt })
    lastRootBlock = l2BlockNumber
    return true
  }

  return {
    name: chain.name,
    startTime,
    configInput: (urls) => ({
      name: chain.name,
      stack: 'op-stack',
      l2Rpc: urls ?? proxies.map((proxy) => proxy.url),
      l1Rpc: [l1.url],
      contracts: { systemConfig: devnet.systemConfig },
      ...(chain.maxSequencerDrift !== undefined ? { maxSequencerDrift: chain.maxSequencerDrift } : {}),
    }),
    breakerTarget: target,

    async begin(t0) {
      await advanceL1(t0)
      await mineL2(sampledBlocks, t0 - (sampledBlocks - 1) * blockTime, blockTime)
      postBatch()
      await postRoot(t0)
      nextBatchAt = t0 + jitter.spread(chain.batchEvery)
      nextRootAt = t0 + jitter.spread(chain.rootEvery)
      applyEndpoints()
    },

    async advanceTo(t) {
      // Batches and roots happen at their own times between ticks: the chain is brought to each first, so the
      // safe head is the block of the last batch and a root's L1 time is when it was posted (not the tick's).
      const due: { at: number; what: 'batch' | 'root' | 'resolve'; game?: Address }[] = []
      while (unresolved[0] && unresolved[0].createdAt + maxClockSeconds + resolveAfterSeconds <= t) {
        const { game, createdAt } = unresolved.shift()!
        due.push({ at: createdAt + maxClockSeconds + resolveAfterSeconds, what: 'resolve', game })
      }
      while (!batchesStopped && nextBatchAt <= t) {
        due.push({ at: nextBatchAt, what: 'batch' })
        // Now and then the batcher takes a long pause (a restart, a full channel waiting for blobs).
        nextBatchAt += jitter.chance(0.005) ? 25 * 60 : jitter.spread(chain.batchEvery)
      }
      while (!rootsStopped && nextRootAt <= t) {
        due.push({ at: nextRootAt, what: 'root' })
        // A proposer restart now and then skips one root.
        nextRootAt += jitter.spread(chain.rootEvery) * (jitter.chance(0.02) ? 2 : 1)
      }
      // Only the last batch before the tick shows (the safe head is where it left it).
      const lastBatch = due.filter((item) => item.what === 'batch').at(-1)
      for (const item of due.filter((item) => item.what !== 'batch' || item === lastBatch).sort((x, y) => x.at - y.at)) {
        if (item.what === 'resolve') {
          await devnet.resolveGame(item.game!, 2, l1TxTime(item.at))
          continue
        }
        // One block at the batch's time is enough: it becomes the safe head.
        await advanceL1(item.at)
        await advanceL2(item.at, 1)
        if (item.what === 'batch') postBatch()
        else await postRoot(item.at)
      }
      await advanceL1(t)
      await advanceL2(t)
      applyEndpoints()
    },

    async apply(event: ScenarioEvent, t) {
      switch (event.do) {
        case 'head-halt':
          halted = true
          return
        case 'head-resume': {
          halted = false
          const due = Math.floor((t - l2Head.timestamp) / blockTime)
          // Backfill: the halted stretch comes back as evenly timestamped blocks; else the next block is simply late.
          if (event.backfill) {
            const count = Math.min(due, maxBackfill)
            await mineL2(count, t - (count - 1) * blockTime, blockTime)
          } else await mineL2(1, t, blockTime)
          return
        }
        case 'batches-stop':
          batchesStopped = true
          return
        case 'batches-resume':
          batchesStopped = false
          postBatch()
          nextBatchAt = t + chain.batchEvery
          return
        case 'roots-stop':
          rootsStopped = true
          return
        case 'roots-resume':
          rootsStopped = false
          await postRoot(t)
          nextRootAt = t + chain.rootEvery
          return
        case 'root-invalid':
          // A game whose claim no honest L2 node computed.
          await postRoot(t, keccak256(toHex(`replay-invalid-root-${++invalidRoots}`)))
          return
        case 'reorg': {
          // The newest `depth` blocks are replaced by others at the same heights (different timestamps, different hashes).
          const depth = Math.min(event.depth, l2Head.number)
          const forkTime = (await l2.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', [toHex(l2Head.number - depth), false])).timestamp
          await l2.rpc('anvil_rollback', [depth])
          if (!event.belowSafe && safeBlock > BigInt(l2Head.number - depth)) safeBlock = BigInt(l2Head.number - depth)
          const first = Number(forkTime) + 1
          await mineL2(depth, first, Math.max(1, Math.floor((l2Head.timestamp - first) / depth)))
          return
        }
        case 'rpc-stuck':
          endpoints[event.index] = { stuckAt: { latest: BigInt(l2Head.number), safe: safeBlock } }
          break
        case 'rpc-down':
          endpoints[event.index] = { down: true }
          break
        case 'rpc-future':
          endpoints[event.index] = { future: true }
          break
        case 'rpc-recover':
          endpoints[event.index] = {}
          break
        case 'game-type-switch':
          // The portal now respects another game type; that type's proposer (already running) posts at once.
          await devnet.setRespectedGameType(event.gameType, l1TxTime(t))
          await postRoot(t)
          return
        case 'balance-drain': {
          // The batcher (or the proposer, our deployer) left with dust.
          const account = event.account === 'batcher' ? DEV_BATCHER : devnet.deployer
          await l1.rpc('anvil_setBalance', [account, toHex(parseEther('0.01'))])
          return
        }
        case 'l1-origin-freeze':
          // The sequencer lost its L1 view: new blocks keep the last origin, until the max drift halts it.
          originFrozen = true
          return
        case 'l1-origin-resume':
          originFrozen = false
          return
        case 'deposit-stuck':
        case 'empty-blocks':
          // Accepted and timed; the pictures the issue-12 checks read (deposits, transaction counts) come with them.
          return
      }
      applyEndpoints()
    },

    async stop() {
      await Promise.all(proxies.map((proxy) => proxy.stop()))
      await Promise.all([l1.stop(), l2.stop()])
    },
  }
}
