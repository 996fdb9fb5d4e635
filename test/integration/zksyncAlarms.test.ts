import type { Address } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createZksyncAdapter } from '../../functions/chains/zksync/createZksyncAdapter.js'
import { discoverValidatorTimelock } from '../../functions/chains/zksync/discoverValidatorTimelock.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { createRpcClient } from '../../functions/rpc/createRpcClient.js'
import { multicall3Address } from '../../functions/rpc/findMulticall3.js'
import { latestBlock, startAnvil } from '../devnet/anvil.js'
import {
  batchesOf,
  deployZksync,
  devnetExecutionDelay,
  judge,
  registerOnSettlementLayer,
  rootsOf,
  startZksyncTestbed,
  statusesOf,
  type ZksyncTestbed,
  zksyncChainConfig,
} from '../devnet/zksyncDevnet.js'

/** ZK Gateway's diamond stands in for "another settlement layer" (any non-zero address will do). */
const gatewayLayer: Address = '0x6E96D1172a6593D5027Af3c2664C5112Ca75F2B9'

/** ZKsync-specific alarms (settlement elsewhere, frozen diamond, batch reverts), timelock discovery and failed reads. */
describe('ZKsync adapter on anvil: alarms, timelock and failures', () => {
  let testbed: ZksyncTestbed
  beforeAll(async () => {
    testbed = await startZksyncTestbed()
  })
  afterAll(() => testbed?.stop())
  afterEach(() => testbed.reset())

  it('settling on another layer without settlementRpc: L1 readings unknown, not crit; proof-system warns naming the layer', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    const onL1 = await adapter.observe(base + 2)
    expect(onL1.proofSystem).toMatchObject({ ok: true, value: { family: 'zksync-l1', facts: { 'settlement layer': 'L1' } } })
    await devnet.setSettlementLayer(gatewayLayer, base + 3)
    const now = base + 5
    const observation = await adapter.observe(now)
    const message = `settles on ${gatewayLayer}: configure settlementRpc to follow it`
    expect(observation.batches).toEqual({ ok: false, error: message })
    expect(observation.stateRoots).toEqual({ ok: false, error: message })
    expect(observation.proofSystem).toMatchObject({
      ok: true,
      value: { family: 'zksync-settlement-layer', facts: { 'settlement layer': gatewayLayer }, alarms: [{ severity: 'warn', message }] },
    })
    const verdicts = judge(observation, now)
    expect(statusesOf(verdicts)).toEqual({ liveness: 'ok', 'sequencer-lag': 'unknown', 'state-root-finality': 'unknown' })
    expect(verdicts['proof-system']).toMatchObject({ status: 'warn', details: { proofSystem: 'zksync-settlement-layer', settlementLayer: gatewayLayer } })
    expect(verdicts['proof-system']?.reason).toContain(message)

    await devnet.setSettlementLayer('0x0000000000000000000000000000000000000000', base + 6)
    const back = await adapter.observe(base + 8)
    expect(rootsOf(back).alarms).toBeUndefined()
    expect(back.proofSystem).toMatchObject({ ok: true, value: { family: 'zksync-l1' } })
  })

  it('settling on another layer with settlementRpc: batches and proofs read from the chain diamond there', async () => {
    const gateway = await startAnvil({ chainId: 9075 })
    try {
      // Gateway's own ValidatorTimelock, with a delay of its own: batches execute there.
      const onGateway = await deployZksync(gateway, { executionDelay: 3600 })
      await registerOnSettlementLayer(gateway, 324, onGateway)
      const { devnet, base } = await testbed.scenario()
      const gatewayBase = (await latestBlock(gateway)).timestamp + 10
      await onGateway.commitBatches(7, gatewayBase)
      await onGateway.proveBatches(undefined, gatewayBase + 5)
      // A deposit waiting in the chain's priority queue on Gateway (L1's own diamond has none).
      const waiting = await onGateway.requestPriorityTx(gatewayBase + 6)
      await devnet.setSettlementLayer(gatewayLayer, base + 1)
      const config = zksyncChainConfig(testbed.l1Proxy.url, testbed.l2Proxy.url, { diamond: devnet.diamond }, { settlementRpc: [gateway.url] })
      const adapter = createZksyncAdapter(config)
      const observation = await adapter.observe(base + 5)
      expect(batchesOf(observation)).toMatchObject({ lastBatchNumber: 7n, lastBatchAt: gatewayBase })
      expect(rootsOf(observation)).toMatchObject({ lastPostedAt: gatewayBase + 5 })
      expect(rootsOf(observation).alarms).toBeUndefined()
      expect(observation.proofSystem).toMatchObject({
        ok: true,
        value: {
          family: 'zksync-settlement-layer',
          description: `settles on ${gatewayLayer} (chain diamond there ${onGateway.diamond}, read through settlementRpc)`,
          facts: { 'settlement layer': gatewayLayer },
          details: { settlementLayer: gatewayLayer, settlementDiamond: onGateway.diamond },
        },
      })
      expect(judge(observation, base + 5)['proof-system']?.status).toBe('ok')
      expect(observation.parameters?.finalityPeriodSeconds).toBe(3600)
      // The queue is read there too, the oldest request looked up in Gateway's logs.
      expect(observation.deposits).toEqual({
        ok: true,
        value: expect.objectContaining({ source: 'zksync-priority-queue', pending: 1, oldest: { id: `priority tx #${waiting.txId}`, l1Block: waiting.l1Block, sentAt: gatewayBase + 6 } }),
      })

      // A settlement RPC that stops answering: unknown, never the L1 counters.
      await gateway.stop()
      const down = await adapter.observe(base + 10)
      expect(down.batches).toMatchObject({ ok: false })
      expect(down.stateRoots).toMatchObject({ ok: false })
      expect(down.deposits).toMatchObject({ ok: false })
      expect(down.proofSystem).toMatchObject({ ok: true, value: { family: 'zksync-settlement-layer' } })
    } finally {
      await gateway.stop()
    }
  })

  it('a frozen diamond: crit alarm', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    await devnet.setFrozen(true, base + 1)
    const now = base + 5
    const observation = await adapter.observe(now)
    expect(rootsOf(observation).alarms).toEqual([{ severity: 'crit', message: expect.stringContaining('diamond storage is frozen') }])
    expect(statusesOf(judge(observation, now))).toEqual({ liveness: 'ok', 'sequencer-lag': 'crit', 'state-root-finality': 'crit' })
  })

  it('batches reverted: crit alarm on state-root-finality while recent, cleared an hour later', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    expect(rootsOf(await adapter.observe(base + 5)).alarms).toBeUndefined()

    const revertAt = base + 10
    await devnet.revertBatches(4n, revertAt) // batch 5 (committed and proven) is thrown away
    expect(await devnet.counters()).toEqual({ committed: 4n, verified: 4n, executed: 3n })
    const now = base + 20
    const observation = await adapter.observe(now)
    const alarm = { severity: 'crit', message: expect.stringMatching(/^batches reverted on L1 \d+ s ago \(L1 block #\d+\): committed back to 4, verified 4, executed 3$/) }
    expect(rootsOf(observation).alarms).toEqual([alarm])
    expect(batchesOf(observation).lastBatchNumber).toBe(4n)
    expect(judge(observation, now)['state-root-finality']?.status).toBe('crit')
    // Still raised on the next tick (not new any more, but recent)…
    expect(rootsOf(await adapter.observe(now + 15)).alarms).toEqual([alarm])
    // …and gone once the revert is an hour old.
    const later = revertAt + 3_600
    await testbed.mineL2Until(later)
    const cleared = await adapter.observe(later)
    expect(rootsOf(cleared).alarms).toBeUndefined()
    expect(judge(cleared, later)['state-root-finality']?.status).toBe('ok')
  })

  it('a revert first seen after a long gap still alarms once; an old one seen on a cold start does not', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    await adapter.observe(base + 5)
    const revertAt = base + 10
    await devnet.revertBatches(4n, revertAt)
    // The watcher was away for 2 h: the revert is old, but new since its last scan.
    const now = revertAt + 7_200
    expect(rootsOf(await adapter.observe(now)).alarms).toEqual([{ severity: 'crit', message: expect.stringContaining('batches reverted on L1 2 h ago') }])
    expect(rootsOf(await adapter.observe(now + 15)).alarms).toBeUndefined()

    const coldStart = createZksyncAdapter(zksyncChainConfig(testbed.l1Proxy.url, testbed.l2Proxy.url, { diamond: devnet.diamond }))
    expect(rootsOf(await coldStart.observe(now + 30)).alarms).toBeUndefined()
  })

  it('RPC down: the readings it feeds are unknown, never ok', async () => {
    const { base, adapter } = await testbed.scenario()
    const now = base + 5
    await adapter.observe(now)

    testbed.l1Proxy.setDown('503')
    const l1Down = await adapter.observe(now)
    expect(l1Down.batches).toMatchObject({ ok: false })
    expect(l1Down.stateRoots).toMatchObject({ ok: false })
    expect(statusesOf(judge(l1Down, now))).toEqual({ liveness: 'ok', 'sequencer-lag': 'unknown', 'state-root-finality': 'unknown' })
    expect(judge(l1Down, now)['state-root-finality']?.reason).toMatch(/^cannot read state roots on L1: .*127\.0\.0\.1/)
    // The execution delay read before keeps the derived thresholds steady.
    expect(l1Down.parameters?.finalityPeriodSeconds).toBe(devnetExecutionDelay)
    testbed.l1Proxy.setDown(false)

    testbed.l2Proxy.setDown('reset')
    const l2Down = await adapter.observe(now)
    expect(l2Down.l2).toMatchObject({ ok: false })
    expect(judge(l2Down, now).liveness?.status).toBe('unknown')
    // Without the L2 `finalized` block the finalized age is not measured (not guessed).
    expect(rootsOf(l2Down).finalizedL2Timestamp).toBeUndefined()
  })

  it('timelock: a configured address wins; discovery prefers the one the diamond accepts; none leaves the delay unknown', async () => {
    const configured = await testbed.scenario({}, (devnet) => ({ diamond: devnet.diamond, validatorTimelock: devnet.validatorTimelock }))
    await configured.devnet.setExecutionDelay(7_200, configured.base + 1)
    expect((await configured.adapter.observe(configured.base + 5)).parameters?.finalityPeriodSeconds).toBe(7_200)

    // Mid-upgrade: a legacy timelock (delay 1 s, not a validator) next to the post-v29 one.
    const both = await testbed.scenario({ legacyTimelock: true })
    expect(both.devnet.legacyTimelock).toBeDefined()
    expect((await both.adapter.observe(both.base + 5)).parameters?.finalityPeriodSeconds).toBe(devnetExecutionDelay)

    const none = await testbed.scenario({ registerTimelock: false })
    const observation = await none.adapter.observe(none.base + 5)
    expect(observation.parameters).toEqual({ blockTimeSeconds: 1 })
    expect(resolveThresholds('zksync', undefined, observation.parameters).stateRootFinalized).toEqual({ warn: 6 * 3600, crit: 12 * 3600 })
  })

  it('timelock discovery during an RPC outage throws (so "no timelock" is not cached for an hour)', async () => {
    const devnet = await deployZksync(testbed.l1, { executionDelay: devnetExecutionDelay })
    const client = createRpcClient({ urls: [testbed.l1Proxy.url] })
    const parameters = { diamond: devnet.diamond, multicallAddress: multicall3Address }
    expect(await discoverValidatorTimelock(client, parameters)).toBe(devnet.validatorTimelock)
    testbed.l1Proxy.setDown('503')
    await expect(discoverValidatorTimelock(client, parameters)).rejects.toThrow(/HTTP request failed/)
  })

  it('an empty diamond: no batch and no proof found, both crit', async () => {
    const devnet = await deployZksync(testbed.l1, { executionDelay: devnetExecutionDelay })
    const now = (await latestBlock(testbed.l1)).timestamp + 10
    await testbed.mineL2Until(now)
    const adapter = createZksyncAdapter(zksyncChainConfig(testbed.l1Proxy.url, testbed.l2Proxy.url, { diamond: devnet.diamond }))
    const observation = await adapter.observe(now)
    expect(batchesOf(observation)).toEqual({ source: 'zksync-commits', lastBatchNumber: 0n })
    expect(rootsOf(observation).lastPostedAt).toBeUndefined()
    const verdicts = judge(observation, now)
    expect(verdicts['sequencer-lag']).toMatchObject({ status: 'crit', reason: expect.stringContaining('no batch found on L1') })
    expect(verdicts['state-root-finality']).toMatchObject({ status: 'crit', reason: expect.stringContaining('no proven batch has ever been posted') })
  })

  it('a diamond address with no contract is an error reading, not ok', async () => {
    const adapter = createZksyncAdapter(zksyncChainConfig(testbed.l1Proxy.url, testbed.l2Proxy.url, { diamond: '0x000000000000000000000000000000000000dEaD' }))
    const observation = await adapter.observe(Math.floor(Date.now() / 1000))
    expect(observation.l2.ok).toBe(true)
    expect(observation.batches).toMatchObject({ ok: false, error: expect.stringContaining('did not answer getTotalBatchesCommitted()') })
    expect(observation.stateRoots).toMatchObject({ ok: false })
  })
})
