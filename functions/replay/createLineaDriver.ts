// Drives a Linea devnet along a replay timeline on the shared core (createReplayDriver): a batch is a data submission
// on LineaRollup (submitDataAsCalldata, DataSubmittedV3, by the submitter wallet), a root is a finalization (its
// proof and state root in one transaction, by the finalizer wallet) of the data submitted a while before. Users'
// L1→L2 messages (deposits, LineaRollup.sendMessage) are anchored on the L2's L2MessageService as blocks are built.
// Linea has no forced inclusion: a message the operator does not anchor simply waits.
import { deployLinea, installL2MessageService } from '../../test/devnet/lineaDevnet.js'
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { createBatchLedger } from './createBatchLedger.js'
import { createDepositBursts, depositConfirmationSeconds } from './createDepositBursts.js'
import { createReplayDriver, type TimedAction } from './createReplayDriver.js'
import { drainOperator, operatorWallets, postNewBatch, userTransactions, zkConfigInput } from './zkStackParts.js'
import type { ScenarioChain } from './scenarioSchema.js'

/** A finalization covers data submitted at least this long before it (median hard finality ~1 h 40 min, Dec 2025). */
const provingLagSeconds = 90 * 60

export function createLineaDriver(chain: ScenarioChain, options: DriverOptions): Promise<ChainDriver> {
  return createReplayDriver(chain, options, {
    l1ChainId: 31337,
    l2ChainId: 59144,
    async setup({ l1, l2 }) {
      const { batcher: submitter, proposer: finalizer } = operatorWallets
      const devnet = await deployLinea(l1, { operators: { submitter, finalizer } })
      const ledger = createBatchLedger()
      const messageService = await installL2MessageService(l2)
      let anchored = 0n
      /** The first message number the operator does not anchor (deposit-stuck, until deposit-resume). */
      let stuckFrom: bigint | undefined
      let deposits: ReturnType<typeof createDepositBursts> | undefined
      /** L1 messages sent, oldest first: number and L1 time. */
      const sent: { number: bigint; at: number }[] = []
      const send = async (at: number) => {
        const { number } = await devnet.sendMessage({ timestamp: at })
        sent.push({ number, at })
        return number
      }

      return {
        blockTransactions: userTransactions,
        configInput: zkConfigInput(chain, 'linea', { lineaRollup: devnet.lineaRollup, l2MessageService: messageService.address }),

        postBatch: async (core, { at }) => void (await postNewBatch(core, ledger, at, (submittedAt) => devnet.submitData({ timestamp: submittedAt }))),

        async postRoot(core, { at }) {
          const finalized = ledger.prove(at, provingLagSeconds)
          if (!finalized) return null
          await devnet.finalize({ endBlock: BigInt(finalized.block), l2Timestamp: finalized.l2Time, timestamp: core.l1Clock.txTime(at) })
          return BigInt(finalized.block)
        },

        settle(core, t) {
          deposits ??= createDepositBursts(core.jitter)
          return deposits.due(t).map((at): TimedAction => ({ at, run: async () => void (await send(core.l1Clock.txTime(at))) }))
        },

        async beforeMine(core) {
          // The coordinator anchors the messages L1 confirmed, in order, up to one it holds back.
          const confirmed = sent.filter((message) => message.number > anchored && message.at <= core.l1Clock.time - depositConfirmationSeconds)
          let upTo = anchored
          for (const message of confirmed) if (stuckFrom === undefined || message.number < stuckFrom) upTo = message.number
          if (upTo === anchored) return
          await messageService.setAnchored(upTo)
          anchored = upTo
        },

        async apply(core, event, t) {
          switch (event.do) {
            case 'balance-drain':
              // The submitter (batcher) or the finalizer (proposer) left with dust.
              await drainOperator(l1, event.account)
              return
            case 'deposit-stuck':
              stuckFrom ??= await send(core.l1Clock.txTime(t))
              return
            case 'deposit-resume':
              stuckFrom = undefined
              return
          }
        },
      }
    },
  })
}
