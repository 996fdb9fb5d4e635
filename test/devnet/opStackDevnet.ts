// Deploys the devnet OP Stack L1 contracts on an anvil node and offers helpers to drive them
// (create/resolve games, move the anchor, pause, propose legacy outputs, post batches).
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeAbiParameters,
  encodePacked,
  getAddress,
  http,
  keccak256,
  pad,
  parseEventLogs,
  zeroAddress,
  zeroHash,
  type Abi,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  anchorStateRegistryAbi,
  disputeGameFactoryAbi,
  faultDisputeGameAbi,
  l2OutputOracleAbi,
  optimismPortal2Abi,
} from './abis.js'
import { setNextTimestamp, type Anvil } from './anvil.js'
import { artifact } from './solc.js'

/** Anvil's first default account (funded with 10,000 ETH). */
export const DEV_PRIVATE_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
/** Anvil's second default account; unlocked on anvil, used as the batcher. */
export const DEV_BATCHER: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
export const DEV_BATCH_INBOX: Address = '0xFf00000000000000000000000000000000000901'
/** Gas limit for helper transactions (creating a game needs under 1M). */
const TX_GAS = 5_000_000n
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

export interface DeployOpStackOptions {
  /** Default 0 (CANNON). */
  respectedGameType?: number
  /** Default 302400 (3.5 d), as on OP Mainnet. */
  maxClockDuration?: number
  /** Default 10800 (3 h). */
  clockExtension?: number
  /** ASR finality delay after resolution. Default 302400. */
  disputeGameFinalityDelaySeconds?: number
  /** Portal proof maturity. Default 604800 (7 d). */
  proofMaturityDelaySeconds?: number
  /** Legacy oracle finalization period. Default 604800. */
  finalizationPeriodSeconds?: number
  /** ASR starting anchor. Default zero root at L2 block 0. */
  startingAnchor?: { root: Hex; l2BlockNumber: bigint }
  /** SystemConfig points at the L2OutputOracle and reports disputeGameFactory() = 0. Default false. */
  legacyOutputOracle?: boolean
  /** Install Multicall3 at its canonical address (viem's multicall/getGames need it). Default true. */
  multicall3?: boolean
}

export interface CreateGameParams {
  l2BlockNumber: bigint
  /** Default: a unique hash (the factory rejects duplicate type/root/extraData). */
  rootClaim?: Hex
  /** Default: the respected game type. A reference implementation is registered on first use. */
  gameType?: number
  /** L1 timestamp of the block that creates the game (≥ latest block's). */
  timestamp?: number
}

export interface OpStackDevnet {
  l1: Anvil
  chain: Chain
  client: DevnetClient
  deployer: Address
  systemConfig: Address
  optimismPortal: Address
  disputeGameFactory: Address
  anchorStateRegistry: Address
  /** Deployed in both modes; SystemConfig only points at it when `legacy`. */
  l2OutputOracle: Address
  /** Reference FaultDisputeGame per game type (DisputeGameFactory.gameImpls). */
  gameImpls: Map<number, Address>
  batcher: Address
  batchInbox: Address
  legacy: boolean

  createGame(params: CreateGameParams): Promise<Address>
  resolveGame(game: Address, status: 1 | 2, timestamp?: number): Promise<TransactionReceipt>
  /** Forces the ASR anchor (AnchorUpdated(address(0))). */
  setAnchor(root: Hex, l2BlockNumber: bigint, timestamp?: number): Promise<TransactionReceipt>
  /** ASR.setAnchorState(game): the game must be respected, finalized and DEFENDER_WINS. */
  setAnchorGame(game: Address, timestamp?: number): Promise<TransactionReceipt>
  setPaused(paused: boolean, timestamp?: number): Promise<TransactionReceipt>
  setRespectedGameType(gameType: number, timestamp?: number): Promise<TransactionReceipt>
  /** Legacy oracle proposal; returns the new output index. */
  proposeOutput(params: { l2BlockNumber: bigint; outputRoot?: Hex; timestamp?: number }): Promise<bigint>
  /** A calldata transaction batcher → batch inbox, as the batcher posts (blobs aside). */
  postBatch(params?: { data?: Hex; timestamp?: number }): Promise<TransactionReceipt>
}

/** An L1 chain definition for `anvil`, with Multicall3 at its canonical address. */
export async function devnetChain(anvil: Anvil): Promise<Chain> {
  const id = Number(await anvil.rpc<string>('eth_chainId'))
  return defineChain({
    id,
    name: `anvil-${anvil.port}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.url] } },
    contracts: { multicall3: { address: MULTICALL3_ADDRESS } },
  })
}

/** A public client bound to a chain (viem's op-stack actions then need no `chain` argument). */
export type DevnetClient = PublicClient<Transport, Chain>

/** A public client for tests: no response cache (viem caches getBlockNumber ~4 s) and fast polling. */
export function devnetClient(chain: Chain, url: string): DevnetClient {
  return createPublicClient({ chain, transport: http(url), cacheTime: 0, pollingInterval: 50 })
}

/** Puts our Multicall3 runtime code at 0xcA11…CA11 (no deployment transaction needed). */
export async function installMulticall3(anvil: Anvil): Promise<void> {
  await anvil.rpc('anvil_setCode', [MULTICALL3_ADDRESS, artifact('Multicall3').deployedBytecode])
}

export async function deployOpStack(l1: Anvil, options: DeployOpStackOptions = {}): Promise<OpStackDevnet> {
  const respectedGameType = options.respectedGameType ?? 0
  const maxClockDuration = BigInt(options.maxClockDuration ?? 302_400)
  const clockExtension = BigInt(options.clockExtension ?? 10_800)
  const legacy = options.legacyOutputOracle ?? false

  const chain = await devnetChain(l1)
  const client = devnetClient(chain, l1.url)
  const account = privateKeyToAccount(DEV_PRIVATE_KEY)
  const wallet = createWalletClient({ account, chain, transport: http(l1.url), pollingInterval: 50 })

  // One transaction at a time: keeps nonces in order when helpers are called concurrently and
  // keeps "set next timestamp, then send" atomic.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task)
    queue = run.catch(() => undefined)
    return run
  }

  const confirm = async (hash: Hash): Promise<TransactionReceipt> => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }

  const deploy = (name: string, args: readonly unknown[]): Promise<Address> =>
    serial(async () => {
      const { abi, bytecode } = artifact(name)
      const hash = await wallet.deployContract({ abi, bytecode, args, chain, account })
      const receipt = await confirm(hash)
      if (!receipt.contractAddress) throw new Error(`${name} deployment has no contract address`)
      // Receipts carry lowercase addresses while contract reads return checksummed ones.
      return getAddress(receipt.contractAddress)
    })

  const send = (
    to: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    timestamp?: number,
  ): Promise<TransactionReceipt> =>
    serial(async () => {
      if (timestamp !== undefined) await setNextTimestamp(l1, timestamp)
      // Simulate first so a revert surfaces with its decoded reason instead of a bare failure.
      // Against 'pending': anvil's `latest` still has the old block.timestamp, so a call that
      // depends on the time just set (e.g. setAnchorState after the finality delay) would
      // wrongly revert there. For the same reason the gas is fixed rather than estimated.
      const { request } = await client.simulateContract({ account, address: to, abi, functionName, args, blockTag: 'pending' })
      return confirm(await wallet.writeContract({ ...request, gas: TX_GAS }))
    })

  const startingAnchor = options.startingAnchor ?? { root: zeroHash, l2BlockNumber: 0n }
  const anchorStateRegistry = await deploy('AnchorStateRegistry', [
    BigInt(options.disputeGameFinalityDelaySeconds ?? 302_400),
    respectedGameType,
    startingAnchor.root,
    startingAnchor.l2BlockNumber,
  ])
  const disputeGameFactory = await deploy('DisputeGameFactory', [])
  const optimismPortal = await deploy('OptimismPortal2', [
    disputeGameFactory,
    anchorStateRegistry,
    BigInt(options.proofMaturityDelaySeconds ?? 604_800),
  ])
  const l1Head = await client.getBlock()
  const l2OutputOracle = await deploy('L2OutputOracle', [
    1800n, // SUBMISSION_INTERVAL (L2 blocks), as on OP Mainnet
    2n, // L2_BLOCK_TIME
    BigInt(options.finalizationPeriodSeconds ?? 604_800),
    0n,
    l1Head.timestamp,
  ])
  const systemConfig = await deploy('SystemConfig', [
    optimismPortal,
    legacy ? zeroAddress : disputeGameFactory,
    legacy ? l2OutputOracle : zeroAddress,
    DEV_BATCH_INBOX,
    pad(DEV_BATCHER, { size: 32 }),
  ])

  const gameImpls = new Map<number, Address>()
  const registerGameType = async (gameType: number): Promise<void> => {
    if (gameImpls.has(gameType)) return
    const impl = await deploy('FaultDisputeGame', [
      {
        gameType,
        maxClockDuration,
        clockExtension,
        anchorStateRegistry,
        wasRespectedGameTypeWhenCreated: false,
        gameCreator: account.address,
      },
      zeroHash,
      '0x',
    ])
    await send(disputeGameFactory, disputeGameFactoryAbi, 'setImplementation', [gameType, impl])
    gameImpls.set(gameType, impl)
  }
  await registerGameType(respectedGameType)
  if (options.multicall3 ?? true) await installMulticall3(l1)

  let rootNonce = 0n
  const uniqueRoot = (label: string, n: bigint): Hex =>
    keccak256(encodePacked(['string', 'uint256', 'uint256'], [label, n, rootNonce++]))

  return {
    l1,
    chain,
    client,
    deployer: account.address,
    systemConfig,
    optimismPortal,
    disputeGameFactory,
    anchorStateRegistry,
    l2OutputOracle,
    gameImpls,
    batcher: DEV_BATCHER,
    batchInbox: DEV_BATCH_INBOX,
    legacy,

    async createGame({ l2BlockNumber, rootClaim, gameType, timestamp }) {
      const type = gameType ?? (await client.readContract({
        address: optimismPortal,
        abi: optimismPortal2Abi,
        functionName: 'respectedGameType',
      }))
      await registerGameType(type)
      const extraData = encodeAbiParameters([{ type: 'uint256' }], [l2BlockNumber])
      const root = rootClaim ?? uniqueRoot('devnet-game', l2BlockNumber)
      const receipt = await send(disputeGameFactory, disputeGameFactoryAbi, 'create', [type, root, extraData], timestamp)
      const [created] = parseEventLogs({ abi: disputeGameFactoryAbi, eventName: 'DisputeGameCreated', logs: receipt.logs })
      if (!created) throw new Error('create() emitted no DisputeGameCreated')
      return created.args.disputeProxy
    },

    resolveGame: (game, status, timestamp) => send(game, faultDisputeGameAbi, 'resolveAs', [status], timestamp),

    setAnchor: (root, l2BlockNumber, timestamp) =>
      send(anchorStateRegistry, anchorStateRegistryAbi, 'setAnchor', [root, l2BlockNumber], timestamp),

    setAnchorGame: (game, timestamp) =>
      send(anchorStateRegistry, anchorStateRegistryAbi, 'setAnchorState', [game], timestamp),

    setPaused: (paused, timestamp) => send(anchorStateRegistry, anchorStateRegistryAbi, 'setPaused', [paused], timestamp),

    setRespectedGameType: (gameType, timestamp) =>
      send(optimismPortal, optimismPortal2Abi, 'setRespectedGameType', [gameType], timestamp),

    async proposeOutput({ l2BlockNumber, outputRoot, timestamp }) {
      const root = outputRoot ?? uniqueRoot('devnet-output', l2BlockNumber)
      const receipt = await send(
        l2OutputOracle,
        l2OutputOracleAbi,
        'proposeL2Output',
        [root, l2BlockNumber, zeroHash, 0n],
        timestamp,
      )
      const [proposed] = parseEventLogs({ abi: l2OutputOracleAbi, eventName: 'OutputProposed', logs: receipt.logs })
      if (!proposed) throw new Error('proposeL2Output() emitted no OutputProposed')
      return proposed.args.l2OutputIndex
    },

    postBatch: ({ data = '0x00', timestamp } = {}) =>
      serial(async () => {
        if (timestamp !== undefined) await setNextTimestamp(l1, timestamp)
        // The batcher is an unlocked anvil account, so the node signs for it.
        const hash = await l1.rpc<Hash>('eth_sendTransaction', [{ from: DEV_BATCHER, to: DEV_BATCH_INBOX, data }])
        return confirm(hash)
      }),
  }
}
