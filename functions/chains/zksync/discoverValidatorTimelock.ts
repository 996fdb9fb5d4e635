import { type Address, type PublicClient, zeroAddress } from 'viem'
import { type ContractReadResult, readContracts } from '../../rpc/readContracts.js'
import { chainTypeManagerAbi, diamondAbi } from './abis.js'
import { throwIfUnanswered } from './throwIfUnanswered.js'

export interface DiscoverValidatorTimelockParameters {
  readonly diamond: Address
  readonly multicallAddress?: Address
}

const presentAddress = (result: ContractReadResult | undefined): Address | undefined =>
  result?.status === 'success' && typeof result.result === 'string' && result.result !== zeroAddress ? (result.result as Address) : undefined

/**
 * The ValidatorTimelock the chain's batches go through, found from the diamond's ChainTypeManager: the
 * post-v29 timelock or the legacy one, preferring whichever the diamond lists as a validator. Undefined when
 * the diamond or its manager exposes neither (the execution delay is then unknown, not guessed); throws when
 * the RPC did not answer, so an outage is not remembered as "no timelock".
 */
export async function discoverValidatorTimelock(
  client: PublicClient,
  { diamond, multicallAddress }: DiscoverValidatorTimelockParameters,
): Promise<Address | undefined> {
  const managers = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: diamond, abi: diamondAbi, functionName: 'getChainTypeManager' },
      { address: diamond, abi: diamondAbi, functionName: 'getStateTransitionManager' },
    ],
  })
  throwIfUnanswered(managers)
  const manager = presentAddress(managers[0]) ?? presentAddress(managers[1])
  if (!manager) return undefined

  const timelocks = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: manager, abi: chainTypeManagerAbi, functionName: 'validatorTimelockPostV29' },
      { address: manager, abi: chainTypeManagerAbi, functionName: 'validatorTimelock' },
    ],
  })
  throwIfUnanswered(timelocks)
  const candidates = [...new Set(timelocks.map(presentAddress).filter((address) => address !== undefined))]
  if (candidates.length <= 1) return candidates[0]

  // Both exist during an upgrade window: the one the diamond accepts batches from is the live one.
  const validators = await readContracts(client, {
    multicallAddress,
    contracts: candidates.map((address) => ({ address: diamond, abi: diamondAbi, functionName: 'isValidator', args: [address] })),
  })
  throwIfUnanswered(validators)
  return candidates.find((_, i) => validators[i]?.status === 'success' && validators[i].result === true) ?? candidates[0]
}
