// The Arbitrum devnet contracts against the documented Nitro selectors and topics (l2-data-sources.md §2), the
// monitor's ABIs against the compiled contracts, and the deployed devnet's wiring and rules.
import { toEventSelector, toFunctionSelector, type Abi, type AbiEvent, type AbiFunction, type AbiParameter, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as abis from '../../functions/chains/arbitrum/abis.js'
import { type Anvil, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployArbitrum, l2BlockHash } from '../devnet/arbitrumDevnet.js'
import { compileContracts } from '../devnet/solc.js'

const artifacts = compileContracts('arbitrum')
const selectors = (name: string): Hex[] =>
  artifacts[name]!.abi.filter((i): i is AbiFunction => i.type === 'function').map((f) => toFunctionSelector(f))
const topics = (name: string): Hex[] => artifacts[name]!.abi.filter((i): i is AbiEvent => i.type === 'event').map((e) => toEventSelector(e))

describe('Arbitrum devnet contracts', () => {
  it('compiles the Arbitrum group on its own', () => {
    expect(Object.keys(artifacts).sort()).toEqual(['Bridge', 'LegacyRollup', 'Multicall3', 'PreBufferSequencerInbox', 'Rollup', 'SequencerInbox'])
  })

  const documented: [string, string, Hex][] = [
    ['Bridge', 'rollup()', '0xcb23bcb5'],
    ['Bridge', 'sequencerInbox()', '0xee35f327'],
    ['Bridge', 'delayedMessageCount()', '0xeca067ad'],
    ['SequencerInbox', 'batchCount()', '0x06f13056'],
    ['SequencerInbox', 'totalDelayedMessagesRead()', '0x7fa3a40e'],
    ['SequencerInbox', 'maxTimeVariation()', '0xebea461d'],
    ['SequencerInbox', 'forceInclusionDeadline(uint64)', '0xdd44e6e0'],
    ['SequencerInbox', 'isDelayBufferable()', toFunctionSelector('isDelayBufferable()')],
    ['SequencerInbox', 'buffer()', toFunctionSelector('buffer()')],
    ['PreBufferSequencerInbox', 'maxTimeVariation()', '0xebea461d'],
    ['Rollup', 'sequencerInbox()', '0xee35f327'],
    ['Rollup', 'latestConfirmed()', '0x65f7f80d'],
    ['Rollup', 'getAssertion(bytes32)', '0x88302884'],
    ['Rollup', 'confirmPeriodBlocks()', '0x2e7acfa6'],
    // Same selector as BoLD's: only the return type differs, which is why the adapter probes latestNodeCreated().
    ['LegacyRollup', 'latestConfirmed()', '0x65f7f80d'],
    ['LegacyRollup', 'latestNodeCreated()', '0x7ba9534a'],
  ]
  it.each(documented)('%s.%s has the selector %s', (contract, signature, selector) => {
    expect(toFunctionSelector(signature)).toBe(selector)
    expect(selectors(contract)).toContain(selector)
  })

  it('the pre-buffer inbox has no forceInclusionDeadline() or delay buffer (the fallback case)', () => {
    for (const signature of ['forceInclusionDeadline(uint64)', 'isDelayBufferable()', 'buffer()'])
      expect(selectors('PreBufferSequencerInbox')).not.toContain(toFunctionSelector(signature))
  })

  const documentedEvents: [string, string, Hex][] = [
    [
      'SequencerInbox',
      'SequencerBatchDelivered(uint256,bytes32,bytes32,bytes32,uint256,(uint64,uint64,uint64,uint64),uint8)',
      '0x7394f4a19a13c7b92b5bb71033245305946ef78452f7b4986ac1390b5df4ebd7',
    ],
    [
      'Bridge',
      'MessageDelivered(uint256,bytes32,address,uint8,address,bytes32,uint256,uint64)',
      '0x5e3c1311ea442664e8b1611bfabef659120ea7a0a2cfc0667700bebc69cbffe1',
    ],
    [
      'Rollup',
      'AssertionCreated(bytes32,bytes32,((bytes32,bytes32,(bytes32,uint256,address,uint64,uint64)),((bytes32[2],uint64[2]),uint8,bytes32),((bytes32[2],uint64[2]),uint8,bytes32)),bytes32,uint256,bytes32,uint256,address,uint64)',
      '0x901c3aee23cf4478825462caaab375c606ab83516060388344f0650340753630',
    ],
    ['Rollup', 'AssertionConfirmed(bytes32,bytes32,bytes32)', '0xfc42829b29c259a7370ab56c8f69fce23b5f351a9ce151da453281993ec0090c'],
    [
      'LegacyRollup',
      'NodeCreated(uint64,bytes32,bytes32,bytes32,(((bytes32[2],uint64[2]),uint8),((bytes32[2],uint64[2]),uint8),uint64),bytes32,bytes32,uint256)',
      '0x4f4caa9e67fb994e349dd35d1ad0ce23053d4323f83ce11dc817b5435031d096',
    ],
    ['LegacyRollup', 'NodeConfirmed(uint64,bytes32,bytes32)', '0x22ef0479a7ff660660d1c2fe35f1b632cf31675c2d9378db8cec95b00d8ffa3c'],
  ]
  it.each(documentedEvents)('%s emits %s with topic0 %s', (contract, signature, topic) => {
    expect(toEventSelector(signature)).toBe(topic)
    expect(topics(contract)).toContain(topic)
  })

  const typeString = (p: AbiParameter): string =>
    'components' in p && p.components ? `(${p.components.map(typeString).join(',')})${p.type.slice('tuple'.length)}` : p.type
  const typed: [string, Abi][] = [
    ['Bridge', abis.bridgeAbi],
    ['SequencerInbox', abis.sequencerInboxAbi],
    ['Rollup', abis.boldRollupAbi],
    ['LegacyRollup', abis.legacyRollupAbi],
  ]
  it.each(typed)("the adapter's ABI matches compiled %s", (contract, abi) => {
    const compiled = artifacts[contract]!.abi
    for (const item of abi) {
      if (item.type !== 'function' && item.type !== 'event') continue
      const match = compiled.find((c) => c.type === item.type && c.name === item.name)
      expect(match, `${contract}.${item.name}`).toBeDefined()
      const shape = (i: AbiFunction | AbiEvent) => ({
        inputs: i.inputs.map((p) => [typeString(p), 'indexed' in p ? Boolean(p.indexed) : false]),
        outputs: i.type === 'function' ? i.outputs.map(typeString) : [],
        mutability: i.type === 'function' ? i.stateMutability : 'event',
      })
      expect(shape(match as AbiFunction | AbiEvent), `${contract}.${item.name}`).toEqual(shape(item))
    }
  })
})

describe('Arbitrum devnet', () => {
  let l1: Anvil
  let l2: Anvil
  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil()])
    await mineBlocks(l2, 5)
  })
  afterAll(async () => {
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('wires Bridge, SequencerInbox and Rollup together, and keeps BoLD confirmation rules', async () => {
    const devnet = await deployArbitrum(l1, { delaySeconds: 3600, confirmPeriodBlocks: 10, legacyRollup: true })
    const read = (address: Hex, abi: Abi, functionName: string, args: unknown[] = []) =>
      devnet.client.readContract({ address, abi, functionName, args })
    expect(await read(devnet.bridge, abis.bridgeAbi, 'rollup')).toBe(devnet.rollup)
    expect(await read(devnet.bridge, abis.bridgeAbi, 'sequencerInbox')).toBe(devnet.sequencerInbox)
    expect(await read(devnet.rollup, abis.boldRollupAbi, 'sequencerInbox')).toBe(devnet.sequencerInbox)
    expect(await read(devnet.rollup, abis.boldRollupAbi, 'bridge')).toBe(devnet.bridge)
    expect(await read(devnet.sequencerInbox, abis.sequencerInboxAbi, 'maxTimeVariation')).toEqual([300n, 64n, 3600n, 768n])
    expect(await read(devnet.rollup, abis.boldRollupAbi, 'latestConfirmed')).toBe(devnet.genesisAssertion)

    const { batch } = await devnet.postBatch()
    expect(batch).toBe(0n)
    expect(await read(devnet.sequencerInbox, abis.sequencerInboxAbi, 'batchCount')).toBe(1n)
    expect(await devnet.deliverDelayedMessage()).toBe(0n)
    expect(await read(devnet.bridge, abis.bridgeAbi, 'delayedMessageCount')).toBe(1n)
    await devnet.postBatch({ afterDelayedMessagesRead: 1n })
    expect(await read(devnet.sequencerInbox, abis.sequencerInboxAbi, 'totalDelayedMessagesRead')).toBe(1n)

    const assertion = await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 3) })
    const node = (await read(devnet.rollup, abis.boldRollupAbi, 'getAssertion', [assertion])) as { status: number; createdAtBlock: bigint }
    expect(node.status).toBe(abis.assertionStatus.pending)
    await expect(devnet.confirmAssertion(assertion)).rejects.toThrow(/BEFORE_DEADLINE/)
    await mineBlocks(l1, 10)
    await devnet.confirmAssertion(assertion)
    expect(await read(devnet.rollup, abis.boldRollupAbi, 'latestConfirmed')).toBe(assertion)

    // The legacy rollup answers latestNodeCreated(); the BoLD one does not.
    expect(await devnet.createLegacyNode({ l2BlockHash: await l2BlockHash(l2, 4) })).toBe(1n)
    expect(await read(devnet.legacyRollup!, abis.legacyRollupAbi, 'latestNodeCreated')).toBe(1n)
    await expect(read(devnet.rollup, abis.legacyRollupAbi, 'latestNodeCreated')).rejects.toThrow()
    await expect(read(devnet.legacyRollup!, abis.boldRollupAbi, 'getAssertion', [assertion])).rejects.toThrow()
  })
})
