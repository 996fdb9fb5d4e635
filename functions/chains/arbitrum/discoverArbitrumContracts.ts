import { type Address, type Hash, type PublicClient, zeroAddress } from 'viem'
import type { ArbitrumChainConfig } from '../../config/schema.js'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import { readContracts } from '../../rpc/readContracts.js'
import { boldRollupAbi, bridgeAbi, legacyRollupAbi } from './abis.js'

export interface ArbitrumContracts {
  readonly rollup: Address
  readonly sequencerInbox: Address
  /** Needed only for the delayed-inbox reading; absent when neither configured nor answered by the rollup. */
  readonly bridge?: Address
  /**
   * A pre-BoLD rollup (node numbers, NodeCreated/NodeConfirmed). Its `latestConfirmed()` shares BoLD's selector
   * but returns a node number, so nothing of it is read as an assertion.
   */
  readonly legacy: boolean
  /** What `Bridge.rollup()` answered, when a bridge is known (it names the live rollup after an upgrade). */
  readonly bridgeRollup?: Address
}

export interface DiscoverArbitrumContractsParameters {
  readonly contracts: ArbitrumChainConfig['contracts']
  readonly multicallAddress?: Address
}

const present = (value: unknown): Address | undefined =>
  typeof value === 'string' && value !== zeroAddress ? (value as Address) : undefined

/**
 * Finds the Rollup and SequencerInbox (configured addresses win): `Bridge.rollup()` and `Bridge.sequencerInbox()`,
 * else `Rollup.sequencerInbox()` and `Rollup.bridge()`. Then tells a BoLD rollup from a pre-BoLD one: only the
 * old one answers `latestNodeCreated()`, only BoLD answers `getAssertion(latestConfirmed())`. Runs once per
 * container and again hourly (the BoLD upgrade itself moved Bridge.rollup() to a new contract).
 */
export async function discoverArbitrumContracts(
  client: PublicClient,
  { contracts, multicallAddress }: DiscoverArbitrumContractsParameters,
): Promise<ArbitrumContracts> {
  let { rollup, sequencerInbox, bridge } = contracts
  let bridgeRollup: Address | undefined
  let bridgeInbox: Address | undefined

  if (bridge) {
    const address = bridge
    const [rollupResult, inboxResult] = await readContracts(client, {
      multicallAddress,
      contracts: [
        { address, abi: bridgeAbi, functionName: 'rollup' },
        { address, abi: bridgeAbi, functionName: 'sequencerInbox' },
      ],
    })
    if (rollupResult?.status === 'failure' && inboxResult?.status === 'failure')
      throw new WatchtowerError('Bridge did not answer', { details: `no Arbitrum Bridge at ${address}?`, cause: rollupResult.error })
    bridgeRollup = rollupResult?.status === 'success' ? present(rollupResult.result) : undefined
    bridgeInbox = inboxResult?.status === 'success' ? present(inboxResult.result) : undefined
    rollup ??= bridgeRollup
  }
  if (!rollup) throw new WatchtowerError('cannot find the Rollup', { details: 'Bridge.rollup() gave none; set contracts.rollup' })

  const address = rollup
  const [nodeCreated, confirmed, rollupInbox, rollupBridge] = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address, abi: legacyRollupAbi, functionName: 'latestNodeCreated' },
      { address, abi: boldRollupAbi, functionName: 'latestConfirmed' },
      { address, abi: boldRollupAbi, functionName: 'sequencerInbox' },
      { address, abi: boldRollupAbi, functionName: 'bridge' },
    ],
  })
  if (confirmed?.status !== 'success')
    throw new WatchtowerError('Rollup did not answer latestConfirmed()', { details: `no Arbitrum Rollup at ${address}?`, cause: confirmed?.error })
  const legacy = nodeCreated?.status === 'success'

  if (!legacy) {
    const [assertion] = await readContracts(client, {
      multicallAddress,
      contracts: [{ address, abi: boldRollupAbi, functionName: 'getAssertion', args: [confirmed.result as Hash] }],
    })
    if (assertion?.status !== 'success')
      throw new WatchtowerError('Rollup answers neither BoLD getAssertion() nor legacy latestNodeCreated()', {
        details: `${address} is not a Nitro rollup?`,
        cause: assertion?.error,
      })
  }

  sequencerInbox ??= (rollupInbox?.status === 'success' ? present(rollupInbox.result) : undefined) ?? bridgeInbox
  bridge ??= rollupBridge?.status === 'success' ? present(rollupBridge.result) : undefined
  if (!sequencerInbox)
    throw new WatchtowerError('cannot find the SequencerInbox', { details: 'neither Rollup nor Bridge named one; set contracts.sequencerInbox' })

  return { rollup, sequencerInbox, legacy, ...(bridge ? { bridge } : {}), ...(bridgeRollup ? { bridgeRollup } : {}) }
}
