// Drives an Arbitrum (Nitro, BoLD) devnet along a replay timeline on the shared core (createReplayDriver): a batch is
// a SequencerInbox batch (SequencerBatchDelivered) that reads the delayed inbox, a root is a BoLD assertion for the
// safe head, confirmed once its confirm period has passed on the virtual clock (as honest assertions are); the L2
// proxies add Nitro's sendRoot and l1BlockNumber to blocks.
import { type Hash, type Hex, keccak256, parseEther, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { deployArbitrum, devnetSendRoot, l2BlockHash, serveSendRoots } from '../../test/devnet/arbitrumDevnet.js'
import { DEV_PRIVATE_KEY } from '../../test/devnet/createDeployer.js'
import type { RecordedCall } from '../../test/devnet/rpcProxy.js'
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { l1BlockTime } from './createL1Clock.js'
import { createReplayDriver, type ReplayCore, type TimedAction } from './createReplayDriver.js'
import type { ScenarioChain } from './scenarioSchema.js'

/** Arbitrum One: delayBlocks 5,760 (force inclusion, ≈ 19 h), delaySeconds 86,400; confirmPeriodBlocks 45,818 (≈ 6.4 d). */
const delayBlocks = 5760
const delaySeconds = 86_400
const confirmPeriodBlocks = 45_818
/** An assertion is confirmed this long after its confirm period ends (the validator's next move). */
const confirmAfterSeconds = 600
/** Chance per batch of a burst of delayed messages (deposits) just before it, which the batch reads. */
const depositBurstChance = 0.05

export function createArbitrumDriver(chain: ScenarioChain, options: DriverOptions): Promise<ChainDriver> {
  return createReplayDriver(chain, options, {
    l1ChainId: 900,
    l2ChainId: 42161,
    async setup({ l1, l2 }) {
      const devnet = await deployArbitrum(l1, { delayBlocks, delaySeconds, confirmPeriodBlocks })
      const batchPoster = privateKeyToAccount(DEV_PRIVATE_KEY).address
      let delayedMessages = 0n
      /** While a deposit is stuck: the sequencer's batches read no delayed message from this index on. */
      let stuckFrom: bigint | undefined
      let lastHonest: Hash = devnet.genesisAssertion
      const unconfirmed: { assertion: Hash; createdAt: number }[] = []
      /** The L1 head each stretch of L2 blocks was built on (Nitro stamps it as l1BlockNumber), from its first L2 block. */
      const l1Views: { fromBlock: number; l1Block: number }[] = []

      const l1BlockNumberOf = (l2Block: number) => {
        for (let i = l1Views.length - 1; i >= 0; i--) if (l1Views[i]!.fromBlock <= l2Block) return l1Views[i]!.l1Block
        return undefined
      }
      const deliver = async (core: ReplayCore, at: number) => {
        await devnet.deliverDelayedMessage({ timestamp: core.l1Clock.txTime(at) })
        delayedMessages++
      }

      return {
        configInput: (l2Rpc, l1Rpc) => ({
          name: chain.name,
          stack: 'arbitrum',
          l2Rpc,
          l1Rpc: [l1Rpc],
          contracts: { bridge: devnet.bridge },
          // The devnet's one owner account posts batches and assertions.
          operators: { batcher: batchPoster },
        }),

        async postBatch(core, { at }) {
          // Deposits now and then, in bursts: the batch that follows reads them (the sequencer includes them).
          if (stuckFrom === undefined && core.jitter.chance(depositBurstChance)) {
            const burst = 1 + Math.floor(core.jitter.spread(2) / 2)
            for (let i = 0; i < burst; i++) await deliver(core, at)
          }
          await devnet.postBatch({ timestamp: core.l1Clock.txTime(at), afterDelayedMessagesRead: stuckFrom ?? delayedMessages })
        },

        async postRoot(core, { l2BlockNumber, at, invalid }) {
          const blockHash = await l2BlockHash(core.l2.node, Number(l2BlockNumber))
          // An invalid assertion claims a send root no node computed for a real block; honest validators post a
          // rival from the same parent, so the honest chain goes on from the last honest assertion.
          const sendRoot: Hex = invalid ? keccak256(toHex(`replay-invalid-send-root-${invalid}`)) : devnetSendRoot(blockHash)
          const createdAt = core.l1Clock.txTime(at)
          const assertion = await devnet.createAssertion({ l2BlockHash: blockHash, sendRoot, parent: lastHonest, timestamp: createdAt })
          if (invalid) return
          lastHonest = assertion
          unconfirmed.push({ assertion, createdAt })
        },

        settle(core, t) {
          const due: TimedAction[] = []
          const period = confirmPeriodBlocks * l1BlockTime + confirmAfterSeconds
          while (unconfirmed[0] && unconfirmed[0].createdAt + period <= t) {
            const { assertion, createdAt } = unconfirmed.shift()!
            const at = createdAt + period
            // The replay's L1 jumps over quiet stretches with single blocks, so its block count trails the virtual
            // clock: the period is lowered for the one confirmation and restored before any tick reads it.
            due.push({
              at,
              run: async () => {
                await devnet.setConfirmPeriodBlocks(0)
                await devnet.confirmAssertion(assertion, core.l1Clock.txTime(at))
                await devnet.setConfirmPeriodBlocks(confirmPeriodBlocks)
              },
            })
          }
          return due
        },

        async beforeMine(core) {
          const head = await core.l1Clock.head()
          if (l1Views.at(-1)?.l1Block !== head.number) l1Views.push({ fromBlock: core.l2.head.number + 1, l1Block: head.number })
        },

        // Every block starts with ArbOS's internal start-block transaction; ordinary traffic adds a couple of user ones.
        blockTransactions: { system: 1, user: 2 },

        rewriteResults: (call: RecordedCall, result: unknown, error: unknown) => {
          const withSendRoot = serveSendRoots(call, result, error)
          if (!withSendRoot) return undefined
          const block = withSendRoot.result as { number: Hex }
          const l1Block = l1BlockNumberOf(Number(block.number))
          return l1Block === undefined ? withSendRoot : { result: { ...block, l1BlockNumber: toHex(l1Block) } }
        },

        async apply(core, event, t) {
          switch (event.do) {
            case 'deposit-stuck':
              // A delayed message the sequencer does not read: later batches stop short of it.
              stuckFrom = delayedMessages
              await deliver(core, t)
              return
            case 'deposit-resume':
              stuckFrom = undefined
              await devnet.postBatch({ timestamp: core.l1Clock.txTime(t), afterDelayedMessagesRead: delayedMessages })
              return
            case 'balance-drain':
              // The batch poster (also the validator on this devnet) left with dust.
              await l1.rpc('anvil_setBalance', [batchPoster, toHex(parseEther('0.01'))])
              return
          }
        },
      }
    },
  })
}
