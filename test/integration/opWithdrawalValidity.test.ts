import { type Hex, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpStackAdapter } from '../../functions/chains/op-stack/createOpStackAdapter.js'
import { withdrawalProvenEvents } from '../../functions/chains/op-stack/abis.js'
import { forgeryHoldSeconds } from '../../functions/chains/op-stack/createWithdrawalWatcher.js'
import { scanLogsSince } from '../../functions/chains/scanLogsSince.js'
import { createMemoryCursorStore } from '../../functions/chains/createMemoryCursorStore.js'
import { createRpcClient } from '../../functions/rpc/createRpcClient.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { OpStackChainConfig } from '../../functions/config/schema.js'
import type { Observation, Verdict } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, installMessagePasser, type OpStackDevnet } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

/** withdrawal-validity: WithdrawalProven on the devnet portal, checked against sentMessages on the L2 anvil. */
describe('OP Stack withdrawal-validity on anvil', () => {
  let l1: Anvil
  let l2: Anvil
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let devnet: OpStackDevnet
  let messagePasser: Awaited<ReturnType<typeof installMessagePasser>>

  const verdict = (observation: Observation, now: number): Verdict | undefined =>
    runChecks(observation, resolveThresholds('op-stack', undefined, observation.parameters), now).find((v) => v.check === 'withdrawal-validity')
  const hash = (label: string): Hex => keccak256(toHex(label))

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 2 })])
    await mineBlocks(l2, 5)
    messagePasser = await installMessagePasser(l2)
    devnet = await deployOpStack(l1)
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
  })
  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('a proven withdrawal the L2 sent is ok, one it never sent is crit naming hash and L1 tx, held for a day; steady ticks cost no extra request', async () => {
    const config = validateConfig({
      chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1Proxy.url], l2Rpc: [l2Proxy.url], contracts: { systemConfig: devnet.systemConfig } }],
    }).chains[0] as OpStackChainConfig
    const cursors = createMemoryCursorStore() // what the store keeps for the chain between processes
    const adapter = createOpStackAdapter(config, { cursors })
    let now = (await latestBlock(l1)).timestamp + 5
    const tick = async () => {
      now += 15
      await mineBlocks(l1, 1)
      return verdict(await adapter.observe(now), now)
    }
    expect(await tick()).toMatchObject({ status: 'ok', reason: expect.stringContaining('every withdrawal proven on L1') })
    expect(await tick()).toMatchObject({ status: 'ok' })

    // Steady: the portal scan rides in the first L1 batch; the L2 is not asked about withdrawals.
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    expect(await tick()).toMatchObject({ status: 'ok' })
    expect(l1Proxy.requestCount).toBe(1)
    expect(l2Proxy.requestCount).toBe(1)
    expect(l1Proxy.methodCounts['eth_getLogs']).toBe(1)

    const sent = hash('sent on L2')
    const forged = hash('never sent')
    await messagePasser.send(sent)
    await devnet.proveWithdrawal({ withdrawalHash: sent })
    const forgery = await devnet.proveWithdrawal({ withdrawalHash: forged })
    // Judged within two ticks: the scan covers the blocks up to the previous tick's head.
    const seen = [await tick(), await tick()]
    const crit = seen.find((v) => v?.status === 'crit')
    expect(crit, JSON.stringify(seen)).toBeDefined()
    expect(crit!.reason).toContain('withdrawal proven on L1 that the L2 never sent')
    expect(crit!.reason).toContain(forged)
    expect(crit!.reason).toContain(`block #${forgery.blockNumber}`)
    expect(crit!.details).toMatchObject({ withdrawalHash: forged, l1Tx: forgery.transactionHash, l1Block: Number(forgery.blockNumber), forged: 1, verified: 1 })
    expect(crit!.reason).not.toContain(sent)

    // The crit holds on later ticks without a new event, then lapses after the hold.
    expect(await tick()).toMatchObject({ status: 'crit', details: { withdrawalHash: forged } })
    // A new process (Lambda cold start) resumes from the stored cursor: the forgery is not rescanned, yet still crit.
    const restarted = createOpStackAdapter(config, { cursors })
    expect(verdict(await restarted.observe(now + 1), now + 1)).toMatchObject({ status: 'crit', details: { withdrawalHash: forged, verified: 0 } })
    now += forgeryHoldSeconds
    expect(await tick()).toMatchObject({ status: 'ok' })
  })

  it('several L2 RPCs that disagree whether a withdrawal was sent give warn, not crit', async () => {
    const other = await startAnvil({ slotsInAnEpoch: 2 })
    try {
      await mineBlocks(other, 5)
      await installMessagePasser(other) // knows nothing: only the first RPC has the message
      const fresh = await deployOpStack(l1) // a portal without the first test's forgery
      const config = validateConfig({
        chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1.url], l2Rpc: [l2.url, other.url], contracts: { systemConfig: fresh.systemConfig } }],
      }).chains[0] as OpStackChainConfig
      const adapter = createOpStackAdapter(config)
      let now = (await latestBlock(l1)).timestamp + 5
      await adapter.observe(now)
      const split = hash('only one RPC knows it')
      await messagePasser.send(split)
      await fresh.proveWithdrawal({ withdrawalHash: split })
      const seen: (Verdict | undefined)[] = []
      for (let i = 0; i < 2; i++) {
        now += 15
        await mineBlocks(l1, 1)
        seen.push(verdict(await adapter.observe(now), now))
      }
      expect(seen.map((v) => v?.status)).not.toContain('crit')
      expect(seen.find((v) => v?.status === 'warn')?.reason, JSON.stringify(seen)).toContain(split)
    } finally {
      await other.stop()
    }
  })

  it('scanLogsSince finds every log exactly once over several bounded calls', async () => {
    const client = createRpcClient({ urls: [l1.url] })
    const start = BigInt((await latestBlock(l1)).number)
    const hashes = [1, 2, 3, 4, 5].map((n) => hash(`bounded ${n}`))
    for (const withdrawalHash of hashes) await devnet.proveWithdrawal({ withdrawalHash })
    const head = BigInt((await latestBlock(l1)).number)
    let cursor = { scannedTo: start, range: 1n }
    const found: string[] = []
    let rounds = 0
    for (;;) {
      const result = await scanLogsSince(client, { address: devnet.optimismPortal, events: withdrawalProvenEvents, head, cursor, maxCalls: 2 })
      expect(result.calls).toBeLessThanOrEqual(2)
      found.push(...result.logs.filter((log) => log.eventName === 'WithdrawalProven').map((log) => String(log.args.withdrawalHash)))
      cursor = { scannedTo: result.scannedTo, range: result.range }
      rounds++
      if (result.behind === 0n) break
    }
    expect(found).toEqual(hashes)
    expect(rounds).toBe(3) // 5 blocks, 2 per call budget
    const again = await scanLogsSince(client, { address: devnet.optimismPortal, events: withdrawalProvenEvents, head, cursor })
    expect(again).toMatchObject({ logs: [], calls: 0, behind: 0n })
  })
})
