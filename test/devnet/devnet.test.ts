// Proves the devnet pieces work: anvil lifecycle and time control, contract ABIs against the
// documented OP Stack selectors and viem's op-stack code, the deployed devnet, and the RPC proxy.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  createPublicClient,
  decodeAbiParameters,
  encodeAbiParameters,
  encodeFunctionData,
  http,
  keccak256,
  pad,
  toEventSelector,
  toFunctionSelector,
  toHex,
  zeroAddress,
  type Abi,
  type AbiEvent,
  type AbiFunction,
  type AbiParameter,
  type Address,
  type Hex,
} from 'viem'
import { getGame, getGames, getL2Output } from 'viem/op-stack'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as abis from './abis.js'
import { latestBlock, mineBlocks, mineSpaced, setNextTimestamp, startAnvil, type Anvil } from './anvil.js'
import { deployOpStack, devnetChain, devnetClient, MULTICALL3_ADDRESS, type OpStackDevnet } from './opStackDevnet.js'
import { startRpcProxy, type RpcProxy } from './rpcProxy.js'
import { compileContracts } from './solc.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '..', '..')
const T0 = 1_700_000_000 // genesis time for nodes whose timestamps we assert

/** True while `pid` is a live (non-zombie) process. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function waitFor(check: () => boolean, ms = 3_000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 25))
  }
  return check()
}

describe('anvil', () => {
  it('starts with chain id and genesis time, answers RPC, and stops its process', async () => {
    const anvil = await startAnvil({ chainId: 901, timestamp: T0 })
    expect(anvil.url).toBe(`http://127.0.0.1:${anvil.port}`)
    expect(await anvil.rpc('eth_chainId')).toBe('0x385')
    const genesis = await anvil.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', ['0x0', false])
    expect(Number(genesis.timestamp)).toBe(T0)
    expect(isRunning(anvil.pid)).toBe(true)

    await anvil.stop()
    await anvil.stop() // idempotent
    expect(isRunning(anvil.pid)).toBe(false)
    await expect(anvil.rpc('eth_chainId')).rejects.toThrow()
  })

  it('gives parallel nodes their own ports', async () => {
    const nodes = await Promise.all([startAnvil(), startAnvil(), startAnvil()])
    try {
      expect(new Set(nodes.map((n) => n.port)).size).toBe(3)
      await nodes[0]!.rpc('evm_mine')
      expect(await nodes[0]!.rpc('eth_blockNumber')).toBe('0x1')
      expect(await nodes[1]!.rpc('eth_blockNumber')).toBe('0x0')
    } finally {
      await Promise.all(nodes.map((n) => n.stop()))
    }
  })

  it('mines blocks at controlled timestamps', async () => {
    const anvil = await startAnvil({ timestamp: T0 })
    try {
      await mineBlocks(anvil, 3, { timestamp: T0 + 100, interval: 12 })
      const times = []
      for (const n of [1, 2, 3]) {
        const b = await anvil.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', [toHex(n), false])
        times.push(Number(b.timestamp))
      }
      expect(times).toEqual([T0 + 100, T0 + 112, T0 + 124])

      // Without options, blocks still get increasing timestamps (1 s apart).
      await mineBlocks(anvil, 2)
      const b4 = await anvil.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', ['0x4', false])
      const b5 = await anvil.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', ['0x5', false])
      expect(Number(b5.timestamp) - Number(b4.timestamp)).toBe(1)

      await setNextTimestamp(anvil, T0 + 10_000)
      await anvil.rpc('evm_mine')
      expect(await latestBlock(anvil)).toEqual({ number: 6, timestamp: T0 + 10_000 })
      await expect(setNextTimestamp(anvil, T0)).rejects.toThrow(/lower than previous/)
    } finally {
      await anvil.stop()
    }
  })

  it('mines a long run exactly spaced however long it takes, then follows its own clock again', async () => {
    // anvil_mine's interval argument added the run's wall-clock time: 6,000 blocks (over a second here) landed late.
    const anvil = await startAnvil({ timestamp: T0, noMining: true, hardfork: 'cancun', pruneHistory: 64 })
    try {
      await mineSpaced(anvil, 6000, T0 + 100, 2)
      expect(await latestBlock(anvil)).toEqual({ number: 6000, timestamp: T0 + 100 + 2 * 5999 })
      const middle = await anvil.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', [toHex(3000), false])
      expect(Number(middle.timestamp)).toBe(T0 + 100 + 2 * 2999)
      await mineSpaced(anvil, 1, T0 + 20_000, 2)
      expect((await latestBlock(anvil)).timestamp).toBe(T0 + 20_000)
      await mineSpaced(anvil, 2, T0 + 21_000, 600)
      expect((await latestBlock(anvil)).timestamp).toBe(T0 + 21_600)
      // Interval mode is off again: a block without a timestamp is not stamped 600 s after the last.
      await setNextTimestamp(anvil, T0 + 30_000)
      await anvil.rpc('evm_mine')
      await anvil.rpc('evm_mine')
      expect((await latestBlock(anvil)).timestamp).toBeLessThan(T0 + 30_600)
      await expect(mineSpaced(anvil, 3, T0 + 31_000.5, 1)).rejects.toThrow(/whole seconds/)
    } finally {
      await anvil.stop()
    }
  })

  it('with slotsInAnEpoch, safe trails latest by N blocks and finalized by 2N', async () => {
    const anvil = await startAnvil({ slotsInAnEpoch: 4 })
    try {
      await mineBlocks(anvil, 20)
      const client = devnetClient(await devnetChain(anvil), anvil.url)
      const numbers = await Promise.all(
        (['latest', 'safe', 'finalized'] as const).map(async (blockTag) => (await client.getBlock({ blockTag })).number),
      )
      expect(numbers).toEqual([20n, 16n, 12n])
    } finally {
      await anvil.stop()
    }
  })

  it.each(['throw', 'wait'])('kills anvil when the owning process dies without stop() (%s)', async (mode) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'orphanedAnvil.ts'), mode], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())))
      child.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)))
    })
    expect(isRunning(pid)).toBe(true)
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    )
    if (mode === 'wait') child.kill('SIGTERM') // how vitest stops its fork workers
    else child.stdin.write('crash\n')
    const how = await exited
    // The SIGTERM handler must not swallow the signal: the process still dies of it.
    expect(how).toBe(mode === 'wait' ? 'SIGTERM' : 1)
    expect(await waitFor(() => !isRunning(pid))).toBe(true)
  })
})

/** Canonical type string of an ABI parameter, tuples expanded. */
function typeString(p: AbiParameter): string {
  if (!p.type.startsWith('tuple')) return p.type
  const components = (p as { components: readonly AbiParameter[] }).components
  return `(${components.map(typeString).join(',')})${p.type.slice('tuple'.length)}`
}

describe('contracts', () => {
  const artifacts = compileContracts()
  const functionSelectors = (name: string): Hex[] =>
    artifacts[name]!.abi.filter((i): i is AbiFunction => i.type === 'function').map((f) => toFunctionSelector(f))
  const eventTopics = (name: string): Hex[] =>
    artifacts[name]!.abi.filter((i): i is AbiEvent => i.type === 'event').map((e) => toEventSelector(e))

  it('compiles every contract and caches the artifacts', () => {
    expect(Object.keys(artifacts).sort()).toEqual([
      'AggregateVerifier',
      'AnchorStateRegistry',
      'DisputeGameFactory',
      'FaultDisputeGame',
      'L1Block',
      'L2OutputOracle',
      'L2ToL1MessagePasser',
      'Multicall3',
      'OptimismPortal2',
      'OptimismPortalLegacy',
      'SuperFaultDisputeGame',
      'SystemConfig',
      'SystemConfigV2',
    ])
    for (const a of Object.values(artifacts)) {
      expect(a.bytecode.length).toBeGreaterThan(100)
      expect(a.deployedBytecode.length).toBeGreaterThan(100)
    }
    const cacheDir = join(repoRoot, 'node_modules', '.cache', 'watchtower-solc')
    expect(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => /^[0-9a-f]{64}\.json$/.test(f))).toBe(true)
    expect(compileContracts()).toBe(artifacts)
  })

  // [contract, signature, selector] as listed in l2-data-sources.md §1.
  const documented: [string, string, Hex][] = [
    ['SystemConfig', 'disputeGameFactory()', '0xf2b4e617'],
    ['SystemConfig', 'batchInbox()', '0xdac6e63a'],
    ['SystemConfig', 'batcherHash()', '0xe81b2c6d'],
    ['DisputeGameFactory', 'gameCount()', '0x4d1975b4'],
    ['DisputeGameFactory', 'gameAtIndex(uint256)', '0xbb8aa1fc'],
    ['DisputeGameFactory', 'findLatestGames(uint32,uint256,uint256)', '0x254bd683'],
    ['DisputeGameFactory', 'games(uint32,bytes32,bytes)', '0x5f0150cb'],
    ['DisputeGameFactory', 'gameImpls(uint32)', '0x1b685b9e'],
    ['FaultDisputeGame', 'anchorStateRegistry()', '0x5c0cba33'],
    ['FaultDisputeGame', 'rootClaim()', '0xbcef3b55'],
    ['FaultDisputeGame', 'l2BlockNumber()', '0x8b85902b'],
    ['FaultDisputeGame', 'l2SequenceNumber()', '0x99735e32'],
    ['FaultDisputeGame', 'status()', '0x200d2ed2'],
    ['FaultDisputeGame', 'createdAt()', '0xcf09e0d0'],
    ['FaultDisputeGame', 'resolvedAt()', '0x19effeb4'],
    ['FaultDisputeGame', 'gameType()', '0xbbdc02db'],
    ['FaultDisputeGame', 'wasRespectedGameTypeWhenCreated()', '0x250e69bd'],
    ['FaultDisputeGame', 'maxClockDuration()', '0xdabd396d'],
    ['FaultDisputeGame', 'clockExtension()', '0x6b6716c0'],
    ['AnchorStateRegistry', 'getAnchorRoot()', '0xd83ef267'],
    ['AnchorStateRegistry', 'anchorGame()', '0xe0a840eb'],
    ['AnchorStateRegistry', 'respectedGameType()', '0x3c9f397c'],
    ['AnchorStateRegistry', 'isGameFinalized(address)', '0x0314d2b3'],
    ['AnchorStateRegistry', 'isGameClaimValid(address)', '0x6c4f4467'],
    ['AnchorStateRegistry', 'disputeGameFinalityDelaySeconds()', '0x952b2797'],
    ['AnchorStateRegistry', 'retirementTimestamp()', '0x4086d183'],
    ['AnchorStateRegistry', 'paused()', '0x5c975abb'],
    ['OptimismPortal2', 'proofMaturityDelaySeconds()', '0xbf653a5c'],
    ['OptimismPortal2', 'respectedGameType()', '0x3c9f397c'],
    ['L2OutputOracle', 'latestOutputIndex()', '0x69f16eec'],
    ['L2OutputOracle', 'getL2Output(uint256)', '0xa25ae557'],
    ['L2OutputOracle', 'latestBlockNumber()', '0x4599c788'],
  ]
  it.each(documented)('%s.%s has the documented selector %s', (contract, signature, selector) => {
    expect(toFunctionSelector(signature)).toBe(selector)
    expect(functionSelectors(contract)).toContain(selector)
  })

  const documentedEvents: [string, string, Hex][] = [
    [
      'DisputeGameFactory',
      'DisputeGameCreated(address,uint32,bytes32)',
      '0x5b565efe82411da98814f356d0e7bcb8f0219b8d970307c5afb4a6903a8b2e35',
    ],
    ['FaultDisputeGame', 'Resolved(uint8)', '0x5e186f09b9c93491f14e277eea7faa5de6a2d4bda75a79af7a3684fbfb42da60'],
    ['AnchorStateRegistry', 'AnchorUpdated(address)', '0x474f180d74ea8751955ee261c93ff8270411b180408d1014c49f552c92a4d11e'],
    [
      'L2OutputOracle',
      'OutputProposed(bytes32,uint256,uint256,uint256)',
      '0xa7aaf2512769da4e444e3de247be2564225c2e7a8f74cfe528e46e17d24868e2',
    ],
  ]
  it.each(documentedEvents)('%s emits %s with the documented topic0', (contract, signature, topic) => {
    expect(toEventSelector(signature)).toBe(topic)
    expect(eventTopics(contract)).toContain(topic)
  })

  const typed: [string, Abi][] = [
    ['SystemConfig', abis.systemConfigAbi],
    ['OptimismPortal2', abis.optimismPortal2Abi],
    ['DisputeGameFactory', abis.disputeGameFactoryAbi],
    ['FaultDisputeGame', abis.faultDisputeGameAbi],
    ['AnchorStateRegistry', abis.anchorStateRegistryAbi],
    ['L2OutputOracle', abis.l2OutputOracleAbi],
    ['Multicall3', abis.multicall3Abi],
  ]
  it.each(typed)('the typed ABI in abis.ts matches compiled %s', (contract, abi) => {
    const compiled = artifacts[contract]!.abi
    for (const item of abi) {
      if (item.type !== 'function' && item.type !== 'event') continue
      const match = compiled.find((c) => c.type === item.type && c.name === item.name)
      expect(match, `${contract}.${item.name}`).toBeDefined()
      const shape = (i: typeof item) => ({
        inputs: i.inputs.map(typeString),
        outputs: i.type === 'function' ? i.outputs.map(typeString) : [],
        mutability: i.type === 'function' ? i.stateMutability : 'event',
      })
      expect(shape(match as typeof item), `${contract}.${item.name}`).toEqual(shape(item))
    }
  })
})

/** viem's OP Stack ABIs. viem 2.57 does not export them from 'viem/op-stack' (its actions use
 *  them internally), so the test loads viem's module file directly. */
async function loadViemOpStackAbis(): Promise<Record<string, Abi>> {
  const viemRoot = dirname(createRequire(import.meta.url).resolve('viem/package.json'))
  return (await import(pathToFileURL(join(viemRoot, '_esm', 'op-stack', 'abis.js')).href)) as Record<string, Abi>
}

describe('OP Stack devnet (fault proofs)', () => {
  let l1: Anvil
  let devnet: OpStackDevnet
  const t = (s: number) => T0 + 10_000 + s // timestamps after deployment
  const games: Address[] = []

  beforeAll(async () => {
    l1 = await startAnvil({ timestamp: T0 })
    devnet = await deployOpStack(l1)
  })
  afterAll(async () => {
    await l1?.stop()
  })

  const read = <T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) =>
    devnet.client.readContract({ address, abi, functionName, args }) as Promise<T>

  it('wires SystemConfig, portal, factory and registry together', async () => {
    const { systemConfigAbi: sc, optimismPortal2Abi: portal, disputeGameFactoryAbi: dgf } = abis
    expect(await read(devnet.systemConfig, sc, 'disputeGameFactory')).toBe(devnet.disputeGameFactory)
    expect(await read(devnet.systemConfig, sc, 'l2OutputOracle')).toBe(zeroAddress)
    expect(await read(devnet.systemConfig, sc, 'optimismPortal')).toBe(devnet.optimismPortal)
    expect(await read(devnet.systemConfig, sc, 'batchInbox')).toBe(devnet.batchInbox)
    expect(await read(devnet.systemConfig, sc, 'batcherHash')).toBe(pad(devnet.batcher.toLowerCase() as Hex))
    expect(await read(devnet.optimismPortal, portal, 'respectedGameType')).toBe(0)
    expect(await read(devnet.optimismPortal, portal, 'proofMaturityDelaySeconds')).toBe(604_800n)
    expect(await read(devnet.optimismPortal, portal, 'disputeGameFactory')).toBe(devnet.disputeGameFactory)
    expect(await read(devnet.optimismPortal, portal, 'anchorStateRegistry')).toBe(devnet.anchorStateRegistry)
    const impl = await read<Address>(devnet.disputeGameFactory, dgf, 'gameImpls', [0])
    expect(impl).toBe(devnet.gameImpls.get(0))
    expect(await read(impl, abis.faultDisputeGameAbi, 'anchorStateRegistry')).toBe(devnet.anchorStateRegistry)
    expect(await read(impl, abis.faultDisputeGameAbi, 'maxClockDuration')).toBe(302_400n)
    expect(await read(devnet.anchorStateRegistry, abis.anchorStateRegistryAbi, 'disputeGameFinalityDelaySeconds')).toBe(
      302_400n,
    )
  })

  it('creates games; findLatestGames walks back from _start, filtered by type, newest first', async () => {
    games.push(await devnet.createGame({ l2BlockNumber: 100n, timestamp: t(0) }))
    games.push(await devnet.createGame({ l2BlockNumber: 150n, gameType: 1, timestamp: t(10) }))
    games.push(await devnet.createGame({ l2BlockNumber: 200n, timestamp: t(20) }))
    games.push(await devnet.createGame({ l2BlockNumber: 300n, timestamp: t(30) }))
    const dgf = abis.disputeGameFactoryAbi
    expect(await read(devnet.disputeGameFactory, dgf, 'gameCount')).toBe(4n)
    expect(await read(devnet.disputeGameFactory, dgf, 'gameAtIndex', [1n])).toEqual([1, BigInt(t(10)), games[1]])

    type Found = { index: bigint; metadata: Hex; timestamp: bigint; rootClaim: Hex; extraData: Hex }
    const find = (type: number, start: bigint, n: bigint) =>
      read<Found[]>(devnet.disputeGameFactory, dgf, 'findLatestGames', [type, start, n])

    const latest = await find(0, 3n, 10n)
    expect(latest.map((g) => g.index)).toEqual([3n, 2n, 0n])
    expect(latest.map((g) => g.timestamp)).toEqual([BigInt(t(30)), BigInt(t(20)), BigInt(t(0))])
    expect(latest.map((g) => decodeAbiParameters([{ type: 'uint256' }], g.extraData)[0])).toEqual([300n, 200n, 100n])
    for (const g of latest) {
      const game = games[Number(g.index)]!
      // LibGameId: gameType << 224 | timestamp << 160 | proxy
      const packed = (0n << 224n) | (g.timestamp << 160n) | BigInt(game)
      expect(g.metadata).toBe(pad(toHex(packed), { size: 32 }))
      expect(g.rootClaim).toBe(await read(game, abis.faultDisputeGameAbi, 'rootClaim'))
    }
    expect((await find(0, 3n, 2n)).map((g) => g.index)).toEqual([3n, 2n])
    expect((await find(0, 1n, 10n)).map((g) => g.index)).toEqual([0n])
    expect((await find(1, 3n, 10n)).map((g) => g.index)).toEqual([1n])
    expect(await find(0, 4n, 10n)).toEqual([]) // _start out of range
    expect(await find(0, 3n, 0n)).toEqual([])
    expect(await find(7, 3n, 10n)).toEqual([])

    // games(type, root, extraData) finds a game by its UUID.
    const root = await read<Hex>(games[2]!, abis.faultDisputeGameAbi, 'rootClaim')
    const extra = encodeAbiParameters([{ type: 'uint256' }], [200n])
    expect(await read(devnet.disputeGameFactory, dgf, 'games', [0, root, extra])).toEqual([games[2], BigInt(t(20))])
    // The same (type, root, extraData) twice is rejected, as on mainnet.
    await expect(devnet.createGame({ l2BlockNumber: 200n, rootClaim: root })).rejects.toThrow(/GameAlreadyExists/)

    const logs = await devnet.client.getLogs({ address: devnet.disputeGameFactory, fromBlock: 0n })
    const created = logs.filter((l) => l.topics[0] === '0x5b565efe82411da98814f356d0e7bcb8f0219b8d970307c5afb4a6903a8b2e35')
    expect(created.map((l) => l.topics[1])).toEqual(games.map((g) => pad(g.toLowerCase() as Hex)))
    expect(created[1]!.topics[2]).toBe(pad('0x1'))
  })

  it('games expose the IDisputeGame / FaultDisputeGame getters', async () => {
    const fdg = abis.faultDisputeGameAbi
    const [g0, g1] = [games[0]!, games[1]!]
    expect(await read(g0, fdg, 'createdAt')).toBe(BigInt(t(0)))
    expect(await read(g0, fdg, 'l2BlockNumber')).toBe(100n)
    expect(await read(g0, fdg, 'l2SequenceNumber')).toBe(100n)
    expect(await read(g0, fdg, 'status')).toBe(0)
    expect(await read(g0, fdg, 'resolvedAt')).toBe(0n)
    expect(await read(g0, fdg, 'gameType')).toBe(0)
    expect(await read(g1, fdg, 'gameType')).toBe(1)
    expect(await read(g0, fdg, 'wasRespectedGameTypeWhenCreated')).toBe(true)
    expect(await read(g1, fdg, 'wasRespectedGameTypeWhenCreated')).toBe(false)
    expect(await read(g0, fdg, 'maxClockDuration')).toBe(302_400n)
    expect(await read(g0, fdg, 'clockExtension')).toBe(10_800n)
    expect(await read(g0, fdg, 'anchorStateRegistry')).toBe(devnet.anchorStateRegistry)
    expect(await read(g0, fdg, 'extraData')).toBe(encodeAbiParameters([{ type: 'uint256' }], [100n]))
    expect(await read(g0, fdg, 'gameCreator')).toBe(devnet.deployer)
  })

  it('resolves games and finalizes them in the ASR after the delay', async () => {
    const asr = abis.anchorStateRegistryAbi
    const g2 = games[2]!
    const receipt = await devnet.resolveGame(g2, 2, t(100))
    expect(receipt.logs[0]!.topics).toEqual([
      '0x5e186f09b9c93491f14e277eea7faa5de6a2d4bda75a79af7a3684fbfb42da60',
      pad('0x2'),
    ])
    expect(await read(g2, abis.faultDisputeGameAbi, 'status')).toBe(2)
    expect(await read(g2, abis.faultDisputeGameAbi, 'resolvedAt')).toBe(BigInt(t(100)))
    await expect(devnet.resolveGame(g2, 1)).rejects.toThrow(/GameNotInProgress/)
    await devnet.resolveGame(games[0]!, 1, t(101))
    expect(await read(games[0]!, abis.faultDisputeGameAbi, 'status')).toBe(1)

    expect(await read(devnet.anchorStateRegistry, asr, 'isGameFinalized', [g2])).toBe(false)
    await mineBlocks(l1, 1, { timestamp: t(100) + 302_400 }) // exactly the delay: not yet (strict >)
    expect(await read(devnet.anchorStateRegistry, asr, 'isGameFinalized', [g2])).toBe(false)
    await mineBlocks(l1, 1, { timestamp: t(100) + 302_401 })
    expect(await read(devnet.anchorStateRegistry, asr, 'isGameFinalized', [g2])).toBe(true)
    expect(await read(devnet.anchorStateRegistry, asr, 'isGameClaimValid', [g2])).toBe(true)
    expect(await read(devnet.anchorStateRegistry, asr, 'isGameClaimValid', [games[0]!])).toBe(false)
    expect(await read(devnet.anchorStateRegistry, asr, 'isGameFinalized', [games[3]!])).toBe(false)
  })

  it('moves the anchor (by game or forced) and pauses', async () => {
    const asr = abis.anchorStateRegistryAbi
    const g2 = games[2]!
    expect(await read(devnet.anchorStateRegistry, asr, 'getAnchorRoot')).toEqual([pad('0x0'), 0n])
    const byGame = await devnet.setAnchorGame(g2)
    expect(byGame.logs[0]!.topics).toEqual([
      '0x474f180d74ea8751955ee261c93ff8270411b180408d1014c49f552c92a4d11e',
      pad(g2.toLowerCase() as Hex),
    ])
    const root = await read<Hex>(g2, abis.faultDisputeGameAbi, 'rootClaim')
    expect(await read(devnet.anchorStateRegistry, asr, 'getAnchorRoot')).toEqual([root, 200n])
    expect(await read(devnet.anchorStateRegistry, asr, 'anchorGame')).toBe(g2)
    await expect(devnet.setAnchorGame(games[3]!)).rejects.toThrow(/InvalidAnchorGame/) // not resolved

    const forced = keccak256(toHex('forced anchor'))
    const receipt = await devnet.setAnchor(forced, 500n)
    expect(receipt.logs[0]!.topics[1]).toBe(pad('0x0'))
    expect(await read(devnet.anchorStateRegistry, asr, 'getAnchorRoot')).toEqual([forced, 500n])
    expect(await read(devnet.anchorStateRegistry, asr, 'anchorGame')).toBe(zeroAddress)

    await devnet.setPaused(true)
    expect(await read(devnet.anchorStateRegistry, asr, 'paused')).toBe(true)
    expect(await read(devnet.optimismPortal, abis.optimismPortal2Abi, 'paused')).toBe(true)
    expect(await read(devnet.anchorStateRegistry, asr, 'isGameClaimValid', [g2])).toBe(false)
    await devnet.setPaused(false)
    expect(await read(devnet.anchorStateRegistry, asr, 'paused')).toBe(false)
  })

  it("viem's op-stack actions and ABIs read the devnet contracts", async () => {
    const target = { portalAddress: devnet.optimismPortal, disputeGameFactoryAddress: devnet.disputeGameFactory }
    const viaViem = await getGames(devnet.client, target)
    expect(viaViem.map((g) => [g.index, g.l2BlockNumber])).toEqual([
      [3n, 300n],
      [2n, 200n],
      [0n, 100n],
    ])
    const game = await getGame(devnet.client, { ...target, l2BlockNumber: 250n })
    expect(game.l2BlockNumber).toBe(300n)

    const viemAbis = await loadViemOpStackAbis()
    const contracts: [string, Address, string][] = [
      ['disputeGameFactoryAbi', devnet.disputeGameFactory, 'DisputeGameFactory'],
      ['portal2Abi', devnet.optimismPortal, 'OptimismPortal2'],
      ['disputeGameAbi', games[2]!, 'FaultDisputeGame'],
      ['anchorStateRegistryAbi', devnet.anchorStateRegistry, 'AnchorStateRegistry'],
    ]
    // Every function in viem's ABI that our contract implements must decode; no-arg getters are
    // called, the rest get representative arguments.
    const args: Record<string, readonly unknown[]> = {
      gameAtIndex: [0n],
      findLatestGames: [0, 3n, 5n],
      gameImpls: [0],
      isGameFinalized: [games[2]!],
      isGameProper: [games[2]!],
      isGameRespected: [games[2]!],
    }
    const compiled = compileContracts()
    let calls = 0
    for (const [abiName, address, contract] of contracts) {
      const abi = viemAbis[abiName]
      expect(abi, abiName).toBeDefined()
      const ours = new Set(
        compiled[contract]!.abi.filter((i): i is AbiFunction => i.type === 'function').map((f) => toFunctionSelector(f)),
      )
      for (const fn of abi!.filter((i): i is AbiFunction => i.type === 'function')) {
        if (!ours.has(toFunctionSelector(fn))) continue
        if (fn.stateMutability !== 'view' && fn.stateMutability !== 'pure') continue
        const fnArgs = args[fn.name] ?? (fn.inputs.length === 0 ? [] : undefined)
        if (!fnArgs) continue
        await expect(devnet.client.readContract({ address, abi: abi!, functionName: fn.name, args: fnArgs })).resolves.toBeDefined()
        calls++
      }
    }
    expect(calls).toBeGreaterThanOrEqual(15)
    const dgfAbi = viemAbis.disputeGameFactoryAbi!
    expect(await devnet.client.readContract({ address: devnet.disputeGameFactory, abi: dgfAbi, functionName: 'gameAtIndex', args: [2n] })).toEqual(
      [0, BigInt(t(20)), games[2]],
    )
  })

  it('serves viem multicall through Multicall3 at the canonical address, in one eth_call', async () => {
    const proxy = await startRpcProxy(l1.url)
    try {
      expect(devnet.chain.contracts?.multicall3?.address).toBe(MULTICALL3_ADDRESS)
      const client = createPublicClient({ chain: devnet.chain, transport: http(proxy.url), cacheTime: 0 })
      const results = await client.multicall({
        contracts: [
          { address: devnet.disputeGameFactory, abi: abis.disputeGameFactoryAbi, functionName: 'gameCount' },
          { address: devnet.optimismPortal, abi: abis.optimismPortal2Abi, functionName: 'respectedGameType' },
          { address: devnet.disputeGameFactory, abi: abis.disputeGameFactoryAbi, functionName: 'gameAtIndex', args: [99n] },
          { address: MULTICALL3_ADDRESS, abi: abis.multicall3Abi, functionName: 'getCurrentBlockTimestamp' },
        ],
      })
      expect(proxy.methodCounts.eth_call).toBe(1)
      expect(results[0]).toEqual({ status: 'success', result: 4n })
      expect(results[1]).toEqual({ status: 'success', result: 0 })
      expect(results[2]!.status).toBe('failure') // index out of range reverts
      expect(results[3]!.result).toBe(BigInt((await latestBlock(l1)).timestamp))

      await expect(
        client.multicall({
          allowFailure: false,
          contracts: [{ address: devnet.disputeGameFactory, abi: abis.disputeGameFactoryAbi, functionName: 'gameAtIndex', args: [99n] }],
        }),
      ).rejects.toThrow()

      const { result } = await client.simulateContract({
        address: MULTICALL3_ADDRESS,
        abi: abis.multicall3Abi,
        functionName: 'aggregate',
        args: [[{ target: devnet.disputeGameFactory, callData: encodeFunctionData({ abi: abis.disputeGameFactoryAbi, functionName: 'gameCount' }) }]],
      })
      expect(result[0]).toBe(BigInt((await latestBlock(l1)).number))
      expect(result[1]).toEqual([pad('0x4')])
    } finally {
      await proxy.stop()
    }
  })

  it('changes the respected game type for portal and ASR together', async () => {
    await devnet.setRespectedGameType(1)
    expect(await read(devnet.optimismPortal, abis.optimismPortal2Abi, 'respectedGameType')).toBe(1)
    expect(await read(devnet.anchorStateRegistry, abis.anchorStateRegistryAbi, 'respectedGameType')).toBe(1)
    const g = await devnet.createGame({ l2BlockNumber: 400n }) // defaults to the respected type
    expect(await read(g, abis.faultDisputeGameAbi, 'gameType')).toBe(1)
    expect(await read(g, abis.faultDisputeGameAbi, 'wasRespectedGameTypeWhenCreated')).toBe(true)
    // A type without a registered implementation gets one on first use.
    const g8 = await devnet.createGame({ l2BlockNumber: 400n, gameType: 8 })
    expect(await read(g8, abis.faultDisputeGameAbi, 'gameType')).toBe(8)
    expect(devnet.gameImpls.has(8)).toBe(true)
  })

  it('stamps every transaction of a stamped game at its time, first-use registration included, whatever the node clock says', async () => {
    // A replay hands out L1 times a second apart; the node's own clock runs on with the wall clock (here: 5 s ahead,
    // as under load). A registration sent unstamped landed on that clock, and the game at its stamp then failed.
    const now = (await latestBlock(l1)).timestamp
    await l1.rpc('evm_mine', [now + 10])
    await l1.rpc('evm_increaseTime', [5])
    const createdAt = async (game: Address) => {
      const logs = await devnet.client.getContractEvents({ address: devnet.disputeGameFactory, abi: abis.disputeGameFactoryAbi, eventName: 'DisputeGameCreated', args: { disputeProxy: game }, fromBlock: 0n })
      return Number((await devnet.client.getBlock({ blockNumber: logs[0]!.blockNumber })).timestamp)
    }
    const fault = await devnet.createGame({ l2BlockNumber: 700n, gameType: 10, timestamp: now + 11 })
    const aggregate = await devnet.createAggregateGame({ l2BlockNumber: 701n, gameType: 622, timestamp: now + 12 })
    const superGame = await devnet.createSuperGame({ l2Timestamp: now, gameType: 5, timestamp: now + 13 })
    expect([await createdAt(fault), await createdAt(aggregate), await createdAt(superGame)]).toEqual([now + 11, now + 12, now + 13])
    expect((await latestBlock(l1)).timestamp).toBe(now + 13)
  })

  it('sends a helper transaction whose success depends on the timestamp it sets', async () => {
    const now = (await latestBlock(l1)).timestamp
    const game = await devnet.createGame({ l2BlockNumber: 600n, timestamp: now + 10 })
    await devnet.resolveGame(game, 2, now + 20)
    // Finalized only at the block this transaction mines in, not at `latest`.
    await devnet.setAnchorGame(game, now + 20 + 302_401)
    const root = await read<Hex>(game, abis.faultDisputeGameAbi, 'rootClaim')
    expect(await read(devnet.anchorStateRegistry, abis.anchorStateRegistryAbi, 'getAnchorRoot')).toEqual([root, 600n])
  })
})

describe('OP Stack devnet (legacy L2OutputOracle)', () => {
  let l1: Anvil
  let devnet: OpStackDevnet
  beforeAll(async () => {
    l1 = await startAnvil({ timestamp: T0 })
    devnet = await deployOpStack(l1, { legacyOutputOracle: true })
  })
  afterAll(async () => {
    await l1?.stop()
  })

  it('points SystemConfig at the oracle and records proposals', async () => {
    const read = <T>(functionName: string, args: readonly unknown[] = []) =>
      devnet.client.readContract({ address: devnet.l2OutputOracle, abi: abis.l2OutputOracleAbi as Abi, functionName, args }) as Promise<T>
    const sc = abis.systemConfigAbi
    expect(await devnet.client.readContract({ address: devnet.systemConfig, abi: sc, functionName: 'disputeGameFactory' })).toBe(
      zeroAddress,
    )
    expect(await devnet.client.readContract({ address: devnet.systemConfig, abi: sc, functionName: 'l2OutputOracle' })).toBe(
      devnet.l2OutputOracle,
    )
    await expect(read('latestOutputIndex')).rejects.toThrow() // no outputs yet, as on mainnet
    expect(await read('latestBlockNumber')).toBe(0n)
    expect(await read('FINALIZATION_PERIOD_SECONDS')).toBe(604_800n)

    const t1 = T0 + 5_000
    expect(await devnet.proposeOutput({ l2BlockNumber: 1800n, timestamp: t1 })).toBe(0n)
    expect(await devnet.proposeOutput({ l2BlockNumber: 3600n, timestamp: t1 + 3_600 })).toBe(1n)
    const root = keccak256(toHex('output 3'))
    expect(await devnet.proposeOutput({ l2BlockNumber: 5400n, outputRoot: root, timestamp: t1 + 7_200 })).toBe(2n)
    await expect(devnet.proposeOutput({ l2BlockNumber: 5400n })).rejects.toThrow(/BlockNumberNotIncreasing/)

    expect(await read('latestOutputIndex')).toBe(2n)
    expect(await read('latestBlockNumber')).toBe(5400n)
    expect(await read('getL2Output', [2n])).toEqual({ outputRoot: root, timestamp: BigInt(t1 + 7_200), l2BlockNumber: 5400n })
    expect(await read('getL2OutputIndexAfter', [3601n])).toBe(2n)

    const logs = await devnet.client.getLogs({ address: devnet.l2OutputOracle, fromBlock: 0n })
    expect(logs.map((l) => l.topics[0])).toEqual(Array(3).fill('0xa7aaf2512769da4e444e3de247be2564225c2e7a8f74cfe528e46e17d24868e2'))
    expect(logs[2]!.topics.slice(1)).toEqual([root, pad('0x2'), pad(toHex(5400))])
    expect(decodeAbiParameters([{ type: 'uint256' }], logs[2]!.data)[0]).toBe(BigInt(t1 + 7_200))

    const viaViem = await getL2Output(devnet.client, { l2BlockNumber: 2000n, l2OutputOracleAddress: devnet.l2OutputOracle })
    expect(viaViem).toMatchObject({ outputIndex: 1n, l2BlockNumber: 3600n, timestamp: BigInt(t1 + 3_600) })
  })

  it('posts batcher transactions to the batch inbox', async () => {
    const at = T0 + 20_000
    const receipt = await devnet.postBatch({ data: '0x00deadbeef', timestamp: at })
    const tx = await devnet.client.getTransaction({ hash: receipt.transactionHash })
    expect([tx.from, tx.to]).toEqual([devnet.batcher.toLowerCase(), devnet.batchInbox.toLowerCase()])
    expect(tx.input).toBe('0x00deadbeef')
    expect((await devnet.client.getBlock({ blockNumber: receipt.blockNumber })).timestamp).toBe(BigInt(at))
  })
})

describe('rpc proxy', () => {
  let anvil: Anvil
  let proxy: RpcProxy
  beforeAll(async () => {
    anvil = await startAnvil({ slotsInAnEpoch: 2 })
    await mineBlocks(anvil, 10)
    proxy = await startRpcProxy(anvil.url)
  })
  afterAll(async () => {
    await proxy?.stop()
    await anvil?.stop()
  })

  const rawCall = (body: unknown) =>
    fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  it('counts HTTP requests and JSON-RPC methods, batches included', async () => {
    proxy.resetCounts()
    const client = createPublicClient({ transport: http(proxy.url), cacheTime: 0 })
    expect(await client.getBlockNumber()).toBe(10n)
    expect(await client.getChainId()).toBe(31337)
    expect(proxy.requestCount).toBe(2)
    expect(proxy.methodCounts).toEqual({ eth_blockNumber: 1, eth_chainId: 1 })

    const res = await rawCall([
      { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 3, method: 'eth_getBlockByNumber', params: ['latest', false] },
    ])
    const batch = (await res.json()) as { id: number; result: unknown }[]
    expect(batch.map((r) => r.id).sort()).toEqual([1, 2, 3])
    expect(proxy.requestCount).toBe(3)
    expect(proxy.methodCounts).toEqual({ eth_blockNumber: 2, eth_chainId: 2, eth_getBlockByNumber: 1 })

    // viem's batching transport sends one HTTP request for concurrent calls.
    const batching = createPublicClient({ transport: http(proxy.url, { batch: true }), cacheTime: 0 })
    await Promise.all([batching.getBlockNumber(), batching.getChainId(), batching.getGasPrice()])
    expect(proxy.requestCount).toBe(4)
    expect(proxy.methods.slice(-3).sort()).toEqual(['eth_blockNumber', 'eth_chainId', 'eth_gasPrice'])

    proxy.resetCounts()
    expect([proxy.requestCount, proxy.methods.length, Object.keys(proxy.methodCounts).length]).toEqual([0, 0, 0])
  })

  it('freezes the safe tag while latest moves on', async () => {
    const client = createPublicClient({ transport: http(proxy.url), cacheTime: 0 })
    proxy.freezeTag('safe', 8n)
    await mineBlocks(anvil, 5)
    expect((await client.getBlock({ blockTag: 'latest' })).number).toBe(15n)
    expect((await client.getBlock({ blockTag: 'safe' })).number).toBe(8n)
    expect((await client.getBlock({ blockTag: 'finalized' })).number).toBe(11n) // not frozen
    // Tags inside other calls and log filters are rewritten too.
    const res = await rawCall({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [zeroAddress, 'safe'] })
    expect(((await res.json()) as { result?: Hex }).result).toBeDefined()
    await expect(client.getLogs({ fromBlock: 'safe', toBlock: 'safe' })).resolves.toEqual([])

    proxy.freezeTag('safe', null)
    expect((await client.getBlock({ blockTag: 'safe' })).number).toBe(13n)
  })

  it('can answer 503, reset connections, recover, and add latency', async () => {
    const client = createPublicClient({ transport: http(proxy.url, { retryCount: 0 }), cacheTime: 0 })
    proxy.resetCounts()
    proxy.setDown('503')
    await expect(client.getBlockNumber()).rejects.toMatchObject({ name: 'HttpRequestError', status: 503 })
    proxy.setDown('reset')
    await expect(client.getBlockNumber()).rejects.toThrow()
    await expect(rawCall({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })).rejects.toThrow()
    expect(proxy.requestCount).toBe(3) // refused requests still count
    proxy.setDown(false)
    expect(await client.getChainId()).toBe(31337)

    proxy.setDelay(250)
    const started = Date.now()
    await client.getChainId()
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    proxy.setDelay(0)
  })

  it('stops listening on stop()', async () => {
    const extra = await startRpcProxy(anvil.url)
    await extra.stop()
    await expect(fetch(extra.url, { method: 'POST', body: '{}' })).rejects.toThrow()
  })
})
