import { type Address, getAddress, parseAbi, type PublicClient } from 'viem'
import { getBalance } from 'viem/actions'
import { describeError } from '../rpc/describeError.js'
import type { ContractRead, ContractReadResult } from '../rpc/readContracts.js'
import type { OperatorBalanceObservation, OperatorRole, OperatorWallet } from '../types.js'

/** Multicall3's own balance getter: balances ride in the same aggregate3 call as the L1 contract reads. */
const multicall3BalanceAbi = parseAbi(['function getEthBalance(address addr) view returns (uint256 balance)'])

/** A wallet whose L1 balance keeps the chain settled, and where its address came from. */
export interface OperatorAddress {
  readonly role: OperatorRole
  readonly address: Address
  /** 'SystemConfig.batcherHash', 'proposer()', 'creator of game 0x…', 'config'. */
  readonly source: string
}

/** `operators: { batcher, proposer, validator }` of a chain's config, as wallets. */
export function configuredOperators(operators: Partial<Record<OperatorRole, string>> | undefined): OperatorAddress[] {
  if (!operators) return []
  return (['batcher', 'proposer', 'validator'] as const).flatMap((role) => {
    const address = operators[role]
    return address ? [{ role, address: getAddress(address), source: 'config' }] : []
  })
}

/** Configured wallets first (they win), then the discovered ones not already named; one row per role and address. */
export function mergeOperators(...lists: readonly (readonly OperatorAddress[])[]): OperatorAddress[] {
  const seen = new Set<string>()
  return lists.flat().filter((wallet) => {
    const key = `${wallet.role}#${wallet.address.toLowerCase()}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** One Multicall3 getEthBalance per wallet, to append to a stack's first L1 multicall. */
export function balanceReads(wallets: readonly OperatorAddress[], multicallAddress: Address): ContractRead[] {
  return wallets.map((wallet) => ({ address: multicallAddress, abi: multicall3BalanceAbi, functionName: 'getEthBalance', args: [wallet.address] }))
}

/** The balances those reads returned; a failed one is carried as the wallet's error (its runway is unknown). */
export function toOperatorBalances(wallets: readonly OperatorAddress[], results: readonly (ContractReadResult | undefined)[]): OperatorBalanceObservation {
  return {
    wallets: wallets.map((wallet, i): OperatorWallet => {
      const result = results[i]
      if (result?.status === 'success') return { ...wallet, balanceWei: result.result as bigint }
      return { ...wallet, error: result ? describeError(result.error) : 'no result' }
    }),
  }
}

/**
 * Balances where a stack's first L1 read is not a Multicall3 call: eth_getBalance per wallet, started together
 * with that read so they share its JSON-RPC batch (one HTTP request).
 */
export async function readOperatorBalances(
  client: PublicClient,
  { wallets, multicallAddress }: { wallets: readonly OperatorAddress[]; multicallAddress?: Address | undefined },
): Promise<OperatorBalanceObservation> {
  const results = await Promise.all(
    wallets.map((wallet) =>
      (multicallAddress
        ? client.readContract({ address: multicallAddress, abi: multicall3BalanceAbi, functionName: 'getEthBalance', args: [wallet.address] })
        : getBalance(client, { address: wallet.address })
      ).then(
        (balance): ContractReadResult => ({ status: 'success', result: balance }),
        (error: Error): ContractReadResult => ({ status: 'failure', error }),
      ),
    ),
  )
  return toOperatorBalances(wallets, results)
}
