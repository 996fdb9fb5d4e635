// What the ZK stacks' drivers (ZKsync, Scroll, Linea) share beyond the core: their operator wallets, config entry,
// the user-only transactions of their blocks and the rule that a batch carries new blocks.
import { parseEther, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Anvil } from '../../test/devnet/anvil.js'
import { OPERATOR_PRIVATE_KEYS } from '../../test/devnet/createDeployer.js'
import type { StackName } from '../config/schema.js'
import type { BatchLedger, PostedBatch } from './createBatchLedger.js'
import type { ReplayCore, ReplayStack } from './createReplayDriver.js'
import type { ScenarioChain } from './scenarioSchema.js'

/**
 * The wallets a ZK stack's devnet posts from: `batcher` its batches (ZKsync commits, Scroll commitBatch, Linea data
 * submissions), `proposer` its roots (proofs, bundles, finalizations). The chain's config names them as `operators`.
 */
export const operatorWallets = {
  batcher: privateKeyToAccount(OPERATOR_PRIVATE_KEYS.batcher),
  proposer: privateKeyToAccount(OPERATOR_PRIVATE_KEYS.proposer),
} as const

/** balance-drain: the wallet left with dust (0.01 ETH), as if it had been spending with nobody topping it up. */
export async function drainOperator(l1: Anvil, role: keyof typeof operatorWallets): Promise<void> {
  await l1.rpc('anvil_setBalance', [operatorWallets[role].address, toHex(parseEther('0.01'))])
}

/** The chain's config entry: its L1 contracts, and those wallets as its `operators` (operator-balance). */
export function zkConfigInput(chain: ScenarioChain, stack: StackName, contracts: Record<string, string>): ReplayStack['configInput'] {
  const operators = { batcher: operatorWallets.batcher.address, proposer: operatorWallets.proposer.address }
  return (l2Rpc, l1Rpc) => ({ name: chain.name, stack, l2Rpc, l1Rpc: [l1Rpc], contracts, operators })
}

/** Their blocks carry users' transactions only: no system transaction for the throughput check to discount. */
export const userTransactions = { system: 0, user: 2 } as const

/**
 * A batch at `at` (stamped on the L1 clock, sent by `send`) if the L2 head moved since the last one: a batch
 * carries new blocks, so a halted sequencer posts none. Returns the batch recorded, if any.
 */
export async function postNewBatch(core: ReplayCore, ledger: BatchLedger, at: number, send: (stampedAt: number) => Promise<unknown>): Promise<PostedBatch | undefined> {
  if (!ledger.hasNew(core.l2.head)) return undefined
  const stampedAt = core.l1Clock.txTime(at)
  await send(stampedAt)
  return ledger.post(stampedAt, core.l2.head)
}
