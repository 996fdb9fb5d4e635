// Drives an OP Stack devnet along a replay timeline on the shared core (createReplayDriver): a batch is the safe
// head moving (the proxies' `safe`), a root is a dispute game created at its own L1 time, honest games resolve after
// their clock; the L2's L1Block follows the L1 head unless the origin is frozen.
import { type Address, keccak256, parseEther, toHex } from 'viem'
import { DEV_BATCHER, deployOpStack, installL1Block } from '../../test/devnet/opStackDevnet.js'
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { createReplayDriver, type TimedAction } from './createReplayDriver.js'
import type { ScenarioChain } from './scenarioSchema.js'

/** The devnet games' max clock duration (deployOpStack's default, OP Mainnet's 3.5 d), and when after it a game is resolved. */
const maxClockSeconds = 302_400
const resolveAfterSeconds = 600

export function createOpStackDriver(chain: ScenarioChain, options: DriverOptions): Promise<ChainDriver> {
  return createReplayDriver(chain, options, {
    l1ChainId: 900,
    l2ChainId: 901,
    async setup({ l1, l2 }) {
      const devnet = await deployOpStack(l1, { l2 })
      const l1Block = await installL1Block(l2)
      let originFrozen = false
      let originSet: number | undefined
      /** While a deposit is stuck: the L1 block the L2's origin stays on (the one before the deposit's). */
      let heldOrigin: { number: number; timestamp: number } | undefined
      /** Games not yet resolved: an honest game resolves DEFENDER_WINS once its clock (3.5 d) ran out, as on mainnet. */
      const unresolved: { game: Address; createdAt: number }[] = []

      return {
        configInput: (l2Rpc, l1Rpc) => ({
          name: chain.name,
          stack: 'op-stack',
          l2Rpc,
          l1Rpc: [l1Rpc],
          contracts: { systemConfig: devnet.systemConfig },
          ...(chain.maxSequencerDrift !== undefined ? { maxSequencerDrift: chain.maxSequencerDrift } : {}),
        }),

        // The batch itself is the safe head moving: nothing on L1 reads the batcher's transactions.
        postBatch: async () => {},

        async postRoot(core, { l2BlockNumber, at, invalid }) {
          const createdAt = core.l1Clock.txTime(at)
          // An invalid claim is challenged and never resolves for its proposer; an honest one does.
          const rootClaim = invalid ? keccak256(toHex(`replay-invalid-root-${invalid}`)) : undefined
          const game = await devnet.createGame({ l2BlockNumber, timestamp: createdAt, ...(rootClaim ? { rootClaim } : {}) })
          if (!rootClaim) unresolved.push({ game, createdAt })
        },

        settle(core, t) {
          const due: TimedAction[] = []
          while (unresolved[0] && unresolved[0].createdAt + maxClockSeconds + resolveAfterSeconds <= t) {
            const { game, createdAt } = unresolved.shift()!
            const at = createdAt + maxClockSeconds + resolveAfterSeconds
            due.push({ at, run: async () => void (await devnet.resolveGame(game, 2, core.l1Clock.txTime(at))) })
          }
          return due
        },

        // Every block carries the L1 attributes deposit; ordinary traffic adds a couple of user transactions.
        blockTransactions: { system: 1, user: 2 },

        async beforeMine(core) {
          // A healthy sequencer builds on the L1 head; a frozen origin stays where it was (the L2 head keeps the old one).
          if (originFrozen || heldOrigin || originSet === core.l1Clock.time) return
          const head = await core.l1Clock.head()
          await l1Block.setOrigin(head)
          originSet = head.timestamp
        },

        async apply(core, event, t) {
          switch (event.do) {
            case 'game-type-switch':
              // The portal now respects another game type; that type's proposer (already running) posts at once.
              await devnet.setRespectedGameType(event.gameType, core.l1Clock.txTime(t))
              await core.postRoot(t)
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
            case 'deposit-stuck': {
              // On OP Stack an L1 block's deposits enter the L2 with the first block of that epoch: a deposit waits
              // exactly as long as the L2's origin stays before its L1 block (until the max drift halts the chain).
              heldOrigin = await core.l1Clock.head()
              await l1Block.setOrigin(heldOrigin)
              originSet = undefined
              await devnet.deposit({ timestamp: core.l1Clock.txTime(t) })
              return
            }
            case 'deposit-resume':
              heldOrigin = undefined
              return
          }
        },
      }
    },
  })
}
