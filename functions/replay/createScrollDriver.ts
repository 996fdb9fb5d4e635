// Drives a Scroll devnet along a replay timeline on the shared core (createReplayDriver): a batch is a commitBatch on
// ScrollChain (by the commit wallet), a root is a finalizeBundle of the batches committed a while before (by the
// prove wallet). Users' L1 messages (deposits) wait in L1MessageQueueV2 until a batch includes them and count as
// finalized with its bundle; the queue is never skipped, so a message left out holds back every later one.
import { deployScroll } from '../../test/devnet/scrollDevnet.js'
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { createBatchLedger } from './createBatchLedger.js'
import { createDepositBursts, depositConfirmationSeconds } from './createDepositBursts.js'
import { createReplayDriver, type TimedAction } from './createReplayDriver.js'
import { drainOperator, operatorWallets, postNewBatch, userTransactions, zkConfigInput } from './zkStackParts.js'
import type { ScenarioChain } from './scenarioSchema.js'

/** A bundle finalizes batches committed at least this long before it (proving takes time; ~2 h lag observed). */
const provingLagSeconds = 45 * 60
/** Enforced (permissionless) mode after 7 d without finalization or with a 7 d old message (third-party read). */
const enforcedModeDelaySeconds = 7 * 86400

export function createScrollDriver(chain: ScenarioChain, options: DriverOptions): Promise<ChainDriver> {
  return createReplayDriver(chain, options, {
    l1ChainId: 31337,
    l2ChainId: 534352,
    async setup({ l1 }) {
      const { batcher: committer, proposer: prover } = operatorWallets
      const devnet = await deployScroll(l1, {
        maxDelayEnterEnforcedMode: enforcedModeDelaySeconds,
        maxDelayMessageQueue: enforcedModeDelaySeconds,
        operators: { committer, prover },
      })
      const ledger = createBatchLedger()
      /** L1 time of each message enqueued, by queue index. */
      const enqueuedAt: number[] = []
      /** Messages included by each batch so far, overall (by batch index): what its bundle's finalization pops. */
      const poppedBy = new Map<number, number>()
      let popped = 0
      /** The first message the sequencer leaves out (deposit-stuck, until deposit-resume): it and every later one wait. */
      let stuckFrom: number | undefined
      let deposits: ReturnType<typeof createDepositBursts> | undefined

      const enqueue = async (at: number) => {
        await devnet.enqueueMessage(at)
        enqueuedAt.push(at)
      }

      return {
        blockTransactions: userTransactions,
        configInput: zkConfigInput(chain, 'scroll', { scrollChain: devnet.scrollChain, systemConfig: devnet.systemConfig }),

        async postBatch(core, { at }) {
          const batch = await postNewBatch(core, ledger, at, async (committedAt) => {
            // Queued messages old enough are in this batch's blocks, in queue order, up to a message left out.
            while (popped < enqueuedAt.length && popped !== stuckFrom && enqueuedAt[popped]! <= committedAt - depositConfirmationSeconds) popped++
            await devnet.commitBatch(committedAt)
          })
          if (batch) poppedBy.set(batch.index, popped)
        },

        async postRoot(core, { at }) {
          const bundle = ledger.prove(at, provingLagSeconds)
          if (!bundle) return null
          await devnet.finalize({ upTo: BigInt(bundle.index), messages: BigInt(poppedBy.get(bundle.index)!), timestamp: core.l1Clock.txTime(at) })
          return BigInt(bundle.block)
        },

        settle(core, t) {
          deposits ??= createDepositBursts(core.jitter)
          return deposits.due(t).map((at): TimedAction => ({ at, run: () => enqueue(core.l1Clock.txTime(at)) }))
        },

        async apply(core, event, t) {
          switch (event.do) {
            case 'balance-drain':
              await drainOperator(l1, event.account)
              return
            case 'deposit-stuck':
              // A message sent now that the sequencer never includes; the queue cannot skip it.
              stuckFrom ??= enqueuedAt.length
              await enqueue(core.l1Clock.txTime(t))
              return
            case 'deposit-resume':
              // The next batch includes it and every message behind it.
              stuckFrom = undefined
              return
          }
        },
      }
    },
  })
}
