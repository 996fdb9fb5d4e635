// Drives a ZKsync Era devnet along a replay timeline on the shared core (createReplayDriver): a batch is a commit on
// the diamond through the ValidatorTimelock (by the commit operator), a root is a proof of the batches committed a
// while before (by the prove/execute operator), and a proven batch is executed once the timelock's execution delay
// (3 h, as on Era) has run out. The L2 answers zks_getL1BatchDetails with the root it computed for each batch.
// Users' priority transactions (deposits) go into the next commit and are processed when its batch executes.
import { type Hex, keccak256, toHex } from 'viem'
import { deployZksync, devnetExecutionDelay, serveBatchDetails } from '../../test/devnet/zksyncDevnet.js'
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { createBatchLedger } from './createBatchLedger.js'
import { createDepositBursts } from './createDepositBursts.js'
import { createReplayDriver, type TimedAction } from './createReplayDriver.js'
import { drainOperator, operatorWallets, postNewBatch, userTransactions, zkConfigInput } from './zkStackParts.js'
import type { ScenarioChain } from './scenarioSchema.js'

/** A proof covers batches committed at least this long before it (proving takes time). */
const provingLagSeconds = 15 * 60
/** The executor runs this often, executing every proven batch the timelock allows by then (cadence UNCONFIRMED). */
const executorEverySeconds = 3600

export function createZksyncDriver(chain: ScenarioChain, options: DriverOptions): Promise<ChainDriver> {
  return createReplayDriver(chain, options, {
    l1ChainId: 31337,
    l2ChainId: 324,
    async setup({ l1 }) {
      const { batcher: committer, proposer: prover } = operatorWallets
      const devnet = await deployZksync(l1, { executionDelay: devnetExecutionDelay, operators: { committer, prover } })
      const ledger = createBatchLedger()
      /** Batch hashes the L2 computed otherwise (root-invalid): what zks_getL1BatchDetails answers for them. */
      const computedRoots = new Map<bigint, Hex>()
      /** The first batch no proof can verify (its root is not the L2's): proving stops before it. */
      let unprovable: number | undefined
      /** L1 time each batch was proven at. */
      const provenAt = new Map<number, number>()
      let executed = 0
      let nextExecutorRun: number | undefined
      let deposits: ReturnType<typeof createDepositBursts> | undefined

      /** When a proven batch may be executed: the timelock's delay after its commit, and after its proof. */
      const executableAt = (index: number) => Math.max(ledger.batches[index - 1]!.at + devnetExecutionDelay, provenAt.get(index)!)

      return {
        blockTransactions: userTransactions,
        configInput: zkConfigInput(chain, 'zksync', { diamond: devnet.diamond }),

        rewriteResults: serveBatchDetails(devnet, computedRoots),

        postBatch: async (core, { at }) => void (await postNewBatch(core, ledger, at, (committedAt) => devnet.commitBatches(1, committedAt))),

        async postRoot(core, { at, invalid }) {
          if (invalid) {
            // A batch whose committed root the L2 did not compute: no proof verifies for it, so proving stops there.
            const committedAt = core.l1Clock.txTime(at)
            await devnet.commitBatches(1, committedAt)
            const batch = ledger.post(committedAt, core.l2.head)
            computedRoots.set(BigInt(batch.index), keccak256(toHex(`replay-computed-root-${invalid}`)))
            unprovable ??= batch.index
            return null
          }
          const proving = ledger.prove(at, provingLagSeconds, unprovable)
          if (!proving) return null
          const provedAt = core.l1Clock.txTime(at)
          await devnet.proveBatches(BigInt(proving.index), provedAt)
          for (let index = provenAt.size + 1; index <= proving.index; index++) provenAt.set(index, provedAt)
          return BigInt(proving.block)
        },

        settle(core, t) {
          // The executor's runs due by t; each executes every proven batch the timelock allows by then.
          nextExecutorRun ??= t
          const due: TimedAction[] = []
          for (; nextExecutorRun <= t; nextExecutorRun += core.jitter.spread(executorEverySeconds)) {
            const at = nextExecutorRun
            const proven = ledger.proven?.index ?? 0
            let upTo = executed
            while (upTo < proven && executableAt(upTo + 1) <= at) upTo++
            if (upTo === executed) continue
            executed = upTo
            due.push({ at, run: async () => void (await devnet.executeBatches(BigInt(upTo), core.l1Clock.txTime(at))) })
          }
          deposits ??= createDepositBursts(core.jitter)
          for (const at of deposits.due(t)) due.push({ at, run: async () => void (await devnet.requestPriorityTx(core.l1Clock.txTime(at))) })
          return due
        },

        async apply(core, event, t) {
          switch (event.do) {
            case 'balance-drain':
              await drainOperator(l1, event.account)
              return
            case 'deposit-stuck':
              // The operator's commits leave waiting priority transactions out; a deposit sent now waits (and every later one).
              await devnet.setLeavesOutPriorityTxs(true)
              await devnet.requestPriorityTx(core.l1Clock.txTime(t))
              return
            case 'deposit-resume':
              // The next commit carries every waiting priority transaction; they are processed when it executes.
              await devnet.setLeavesOutPriorityTxs(false)
              return
          }
        },
      }
    },
  })
}
