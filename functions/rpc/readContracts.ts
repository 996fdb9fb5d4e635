import type { Abi, Address, ContractFunctionParameters, PublicClient } from 'viem'
import { multicall, readContract } from 'viem/actions'

export type ContractRead = ContractFunctionParameters<Abi, 'view' | 'pure', string>

export type ContractReadResult =
  | { readonly status: 'success'; readonly result: unknown }
  | { readonly status: 'failure'; readonly error: Error }

export interface ReadContractsParameters {
  readonly contracts: readonly ContractRead[]
  /** Multicall3 address on this chain; without it the reads go out as one JSON-RPC batch of eth_calls. */
  readonly multicallAddress?: Address
}

/** Several independent view calls in one HTTP request: one Multicall3 eth_call, else a JSON-RPC batch. */
export async function readContracts(client: PublicClient, { contracts, multicallAddress }: ReadContractsParameters): Promise<ContractReadResult[]> {
  if (contracts.length === 0) return []
  if (multicallAddress) {
    const results = await multicall(client, {
      contracts: contracts as ContractRead[],
      allowFailure: true,
      multicallAddress,
      batchSize: 0,
    })
    return results.map((r) => (r.status === 'success' ? { status: 'success', result: r.result } : { status: 'failure', error: r.error as Error }))
  }
  return Promise.all(
    contracts.map((contract) =>
      readContract(client, contract as Parameters<typeof readContract>[1]).then(
        (result): ContractReadResult => ({ status: 'success', result }),
        (error: Error): ContractReadResult => ({ status: 'failure', error }),
      ),
    ),
  )
}

/** The result of a read that must have succeeded. */
export function unwrap<T>(result: ContractReadResult | undefined, what: string): T {
  if (!result) throw new Error(`${what}: no result`)
  if (result.status === 'failure') throw Object.assign(new Error(`${what} failed`), { cause: result.error })
  return result.result as T
}
