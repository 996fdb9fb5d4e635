import { type Address, parseEther, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdapter } from '../../functions/chains/createAdapter.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { OpStackChainConfig } from '../../functions/config/schema.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, type OpStackDevnet } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

/** Anvil's first account: the devnet deployer, which also creates the games (their gameCreator()). */
const DEPLOYER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

/**
 * operator-balance on an OP devnet: the batcher comes from SystemConfig.batcherHash, the proposer from the newest
 * respected game's gameCreator(); balances are Multicall3.getEthBalance calls inside the tick's first L1 request.
 */
describe('operator-balance on an OP devnet', () => {
  let l1: Anvil
  let l2: Anvil
  let devnet: OpStackDevnet
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let table: EmbeddedTable
  let store: Store
  let now: number

  beforeAll(async () => {
    ;[l1, l2, table] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 901 }), openEmbeddedTable()])
    devnet = await deployOpStack(l1, { l2 })
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
    store = createDynamoStore({ tableName: table.tableName, client: table.client })
    now = (await latestBlock(l1)).timestamp + 100
    await mineBlocks(l2, 20, { timestamp: now - 40, interval: 2 })
    await devnet.createGame({ l2BlockNumber: 10n })
  })
  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop()])
    await Promise.all([l1?.stop(), l2?.stop(), table?.close()])
  })

  const config = validateConfig({
    chains: [{ name: 'devnet', stack: 'op-stack', l2Rpc: ['http://127.0.0.1:1'], l1Rpc: ['http://127.0.0.1:1'], contracts: { systemConfig: '0x0000000000000000000000000000000000000001' } }],
  })
  let adapter: ReturnType<typeof createAdapter>

  async function tick(batcherEth: string) {
    await l1.rpc('anvil_setBalance', [devnet.batcher, toHex(parseEther(batcherEth))])
    adapter ??= createAdapter({ ...(config.chains[0] as OpStackChainConfig), l2Rpc: [l2Proxy.url], l1Rpc: [l1Proxy.url], contracts: { systemConfig: devnet.systemConfig } })
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    const result = await runTick({ config, adapters: [adapter], store, channels: [], clock: () => now })
    return { verdict: result.results.find((r) => r.check === 'operator-balance')!, l1: l1Proxy.requestCount, l2: l2Proxy.requestCount }
  }

  it('a batcher losing 0.1 ETH per tick against a balance that lasts a day is crit with the runway; no extra request', async () => {
    const first = await tick('9.6')
    expect(first.verdict).toMatchObject({ status: 'ok', reason: expect.stringContaining('batcher 0x7099…79C8 (SystemConfig.batcherHash): 9.6 ETH, spending rate not measured yet') })
    now += 900
    expect((await tick('9.5')).verdict.status).toBe('crit')
    now += 900
    const third = await tick('9.4')
    // The game found on the first tick had its gameCreator() asked in the second tick's first request: now watched as the proposer.
    expect(third.verdict.reason).toContain(`proposer ${DEPLOYER.slice(0, 6)}…${DEPLOYER.slice(-4)} (creator of game 0x`)
    expect(third.verdict).toMatchObject({ status: 'crit', value: 84_600, unit: 's', details: { batcherBalanceEth: 9.4, batcherRunway: 84_600 } })
    expect(third.verdict.reason).toMatch(/^batcher 0x7099…79C8 \(SystemConfig\.batcherHash\): 9\.4 ETH, spending 9\.6 ETH\/d: runway 23 h 30 min \(crit under 24 h\)/)
    // Steady: one L1 request (the balances are inside its Multicall3 call) and one L2 request.
    expect(third.l1).toBe(1)
    expect(third.l2).toBe(1)
    expect(l1Proxy.methodCounts).toMatchObject({ eth_call: 1 })

    // Topped up: the rate restarts, the crit clears.
    now += 900
    expect((await tick('50')).verdict.status).toBe('ok')
  })
})
