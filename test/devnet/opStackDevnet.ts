// Deploys the devnet OP Stack L1 contracts on an anvil node and offers helpers to drive them
// (create/resolve games, move the anchor, pause, propose legacy outputs, post batches).
import {
  concat,
  encodeAbiParameters,
  toHex,
  encodePacked,
  keccak256,
  pad,
  parseEventLogs,
  zeroAddress,
  zeroHash,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import {
  anchorStateRegistryAbi,
  disputeGameFactoryAbi,
  faultDisputeGameAbi,
  l2OutputOracleAbi,
  l2ToL1MessagePasserAbi,
  optimismPortal2Abi,
} from './abis.js'
import { latestBlock, setNextTimestamp, type Anvil } from './anvil.js'
import { createDeployer, MULTICALL3_ADDRESS, type DevnetClient } from './createDeployer.js'
import { artifact } from './solc.js'

// Shared devnet plumbing, exported from here too (tests and other devnets have imported it from this file).
export { DEV_PRIVATE_KEY, devnetChain, devnetClient, MULTICALL3_ADDRESS, type DevnetClient } from './createDeployer.js'

/** Anvil's second default account; unlocked on anvil, used as the batcher. */
export const DEV_BATCHER: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
export const DEV_BATCH_INBOX: Address = '0xFf00000000000000000000000000000000000901'

const aggregateVerifierTypes = new Set([621, 622])
const superRootTypes = new Set([4, 5, 7, 9])

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
  /** SystemConfig ≥ 2.0 (no l2OutputOracle()); with `legacyOutputOracle` the portal is a 1.x one naming it. Default false. */
  systemConfigV2?: boolean
  /**
   * The L2 node the games speak of: createGame() then claims the block's real output root by default (what an honest
   * proposer posts, so state-root-validity is ok). Without it, or for a block the L2 does not have, a made-up root.
   */
  l2?: Anvil
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
  /** A Base-style AggregateVerifier game (type 621 by default) with `proofs` proofs (default 1). */
  createAggregateGame(params: { l2BlockNumber: bigint; proofs?: number; gameType?: number; timestamp?: number }): Promise<Address>
  /** A super-root game (type 4 by default) whose extraData names the L2 timestamp. */
  /**
   * A super-root game whose extraData is the super root's preimage and whose root claim is its hash, as the real
   * game requires. `outputs` (see superRootOutputsOf) default to one made-up chain 10 output.
   */
  createSuperGame(params: { l2Timestamp: number; outputs?: readonly SuperRootOutput[]; gameType?: number; timestamp?: number }): Promise<Address>
  /** AnchorStateRegistry.updateRetirementTimestamp(): older games stop being proper. */
  retireGames(timestamp?: number): Promise<TransactionReceipt>
  /** Legacy oracle proposal; returns the new output index. */
  proposeOutput(params: { l2BlockNumber: bigint; outputRoot?: Hex; timestamp?: number }): Promise<bigint>
  /** A calldata transaction batcher → batch inbox, as the batcher posts (blobs aside). */
  postBatch(params?: { data?: Hex; timestamp?: number }): Promise<TransactionReceipt>
  /** An L1→L2 deposit through the portal's depositTransaction (TransactionDeposited), in an L1 block at `timestamp`. */
  deposit(params?: { to?: Address; timestamp?: number }): Promise<TransactionReceipt>
  /** Emits the portal's WithdrawalProven + WithdrawalProvenExtension1 for `withdrawalHash` (no proof checked). */
  proveWithdrawal(params: { withdrawalHash: Hex; timestamp?: number }): Promise<TransactionReceipt>
}

/** The L2ToL1MessagePasser predeploy, whose `sentMessages` withdrawal-validity reads. */
export const MESSAGE_PASSER_ADDRESS: Address = '0x4200000000000000000000000000000000000016'

/**
 * Puts the devnet L2ToL1MessagePasser at 0x4200…0016 on an L2 anvil; `send(hash)` records a withdrawal as sent
 * there (as initiateWithdrawal would). Idempotent: the code is replaced, the mapping's storage is kept.
 */
export async function installMessagePasser(l2: Anvil): Promise<{ send(withdrawalHash: Hex): Promise<void> }> {
  await l2.rpc('anvil_setCode', [MESSAGE_PASSER_ADDRESS, artifact('L2ToL1MessagePasser').deployedBytecode])
  const deployer = await createDeployer(l2)
  return {
    async send(withdrawalHash) {
      await deployer.send(MESSAGE_PASSER_ADDRESS, l2ToL1MessagePasserAbi, 'setSentMessageForTest', [withdrawalHash])
    },
  }
}

/** The L1Block predeploy, whose number()/timestamp() l1-origin reads at the L2 head. */
export const L1_BLOCK_ADDRESS: Address = '0x4200000000000000000000000000000000000015'

export interface L1OriginSetter {
  /** Holds the L2's L1 origin at this L1 block (slot 0: timestamp << 64 | number, as the real contract packs them). */
  setOrigin(origin: { number: bigint | number; timestamp: number }): Promise<void>
  /** The origin last set through this setter. */
  current(): { number: bigint; timestamp: number } | undefined
}

/**
 * Puts the devnet L1Block at 0x4200…0015 on an L2 anvil, its origin at `origin` (default: block 0 at time 0 until
 * set). Writing the storage mines no L2 block, so a test holds the origin without moving the L2 head.
 */
export async function installL1Block(l2: Anvil, origin?: { number: bigint | number; timestamp: number }): Promise<L1OriginSetter> {
  await l2.rpc('anvil_setCode', [L1_BLOCK_ADDRESS, artifact('L1Block').deployedBytecode])
  let last: { number: bigint; timestamp: number } | undefined
  const setter: L1OriginSetter = {
    async setOrigin({ number, timestamp }) {
      const packed = (BigInt(timestamp) << 64n) | BigInt(number)
      await l2.rpc('anvil_setStorageAt', [L1_BLOCK_ADDRESS, zeroHash, pad(toHex(packed), { size: 32 })])
      last = { number: BigInt(number), timestamp }
    },
    current: () => last,
  }
  if (origin) await setter.setOrigin(origin)
  return setter
}

/** Puts the L2's L1 origin at the L1 node's current head (a healthy sequencer a block or so behind L1). */
export async function followL1Head(l1: Anvil, setter: L1OriginSetter): Promise<void> {
  const head = await latestBlock(l1)
  const current = setter.current()
  if (current?.number === BigInt(head.number) && current.timestamp === head.timestamp) return // already there (tests call this every tick)
  await setter.setOrigin({ number: head.number, timestamp: head.timestamp })
}

/** Output root v0 of an L2 block as a proposer computes it (undefined when the node has no such block). */
export async function outputRootOf(l2: Anvil, blockNumber: bigint): Promise<Hex | undefined> {
  const block = await l2.rpc<{ stateRoot: Hex; hash: Hex } | null>('eth_getBlockByNumber', [toHex(blockNumber), false])
  if (!block) return undefined
  const passer = await l2.rpc<{ storageHash: Hex }>('eth_getProof', ['0x4200000000000000000000000000000000000016', [], toHex(blockNumber)])
  return keccak256(concat([zeroHash, block.stateRoot, passer.storageHash, block.hash]))
}

export interface SuperRootOutput {
  readonly chainId: bigint
  readonly outputRoot: Hex
}

/** Each L2's real output root at its last block at or before `l2Timestamp` (a super root's entries). */
export async function superRootOutputsOf(l2s: readonly Anvil[], l2Timestamp: number): Promise<SuperRootOutput[]> {
  return Promise.all(
    l2s.map(async (l2) => {
      const chainId = BigInt(await l2.rpc<Hex>('eth_chainId', []))
      let number = BigInt(await l2.rpc<Hex>('eth_blockNumber', []))
      const timestampOf = async (n: bigint) => Number((await l2.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', [toHex(n), false])).timestamp)
      while (number > 0n && (await timestampOf(number)) > l2Timestamp) number--
      return { chainId, outputRoot: (await outputRootOf(l2, number))! }
    }),
  )
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

  // Sends simulate against `pending` with fixed gas: see createDeployer's `send`.
  const { chain, client, account, serial, confirm, deploy, send } = await createDeployer(l1)

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
  const systemConfig = options.systemConfigV2
    ? await deploy('SystemConfigV2', [
        legacy ? await deploy('OptimismPortalLegacy', [l2OutputOracle]) : optimismPortal,
        legacy ? zeroAddress : disputeGameFactory,
      ])
    : await deploy('SystemConfig', [
        optimismPortal,
        legacy ? zeroAddress : disputeGameFactory,
        legacy ? l2OutputOracle : zeroAddress,
        DEV_BATCH_INBOX,
        pad(DEV_BATCHER, { size: 32 }),
      ])

  const gameImpls = new Map<number, Address>()
  // A first-use registration shares the stamp of the game it precedes (equal L1 timestamps are allowed): sent
  // unstamped it landed on the node's own clock, which under load runs seconds past the stamp the game then asks for.
  const registerGameType = async (gameType: number, timestamp?: number): Promise<void> => {
    if (gameImpls.has(gameType)) return
    if (aggregateVerifierTypes.has(gameType) || superRootTypes.has(gameType)) {
      const impl = aggregateVerifierTypes.has(gameType)
        ? await deploy('AggregateVerifier', [gameType, anchorStateRegistry, 5n * 86400n, 86400n, zeroHash, '0x', 0], { timestamp })
        : await deploy('SuperFaultDisputeGame', [gameType, maxClockDuration, anchorStateRegistry, zeroHash, '0x'], { timestamp })
      await send(disputeGameFactory, disputeGameFactoryAbi, 'setImplementation', [gameType, impl], timestamp)
      gameImpls.set(gameType, impl)
      return
    }
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
    ], { timestamp })
    await send(disputeGameFactory, disputeGameFactoryAbi, 'setImplementation', [gameType, impl], timestamp)
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
      await registerGameType(type, timestamp)
      const extraData = encodeAbiParameters([{ type: 'uint256' }], [l2BlockNumber])
      const root = rootClaim ?? (options.l2 && (await outputRootOf(options.l2, l2BlockNumber))) ?? uniqueRoot('devnet-game', l2BlockNumber)
      const receipt = await send(disputeGameFactory, disputeGameFactoryAbi, 'create', [type, root, extraData], timestamp)
      const [created] = parseEventLogs({ abi: disputeGameFactoryAbi, eventName: 'DisputeGameCreated', logs: receipt.logs })
      if (!created) throw new Error('create() emitted no DisputeGameCreated')
      return created.args.disputeProxy
    },

    async createAggregateGame({ l2BlockNumber, proofs = 1, gameType = 621, timestamp }) {
      await registerGameType(gameType, timestamp)
      const root = uniqueRoot('devnet-aggregate', l2BlockNumber)
      // l2BlockNumber ‖ parent ‖ one intermediate root (the claim itself), as Base packs it.
      const extraData = encodePacked(['uint256', 'address', 'bytes32'], [l2BlockNumber, anchorStateRegistry, root])
      const game = await deploy('AggregateVerifier', [gameType, anchorStateRegistry, 5n * 86400n, 86400n, root, extraData, proofs], { timestamp })
      // The factory's DisputeGameCreated is the game's creation as a monitor sees it: it carries the stamp too.
      await send(disputeGameFactory, disputeGameFactoryAbi, 'registerGame', [gameType, game, root, extraData], timestamp)
      return game
    },

    async createSuperGame({ l2Timestamp, outputs, gameType = 4, timestamp }) {
      await registerGameType(gameType, timestamp)
      const sorted = [...(outputs ?? [{ chainId: 10n, outputRoot: uniqueRoot('devnet-super', BigInt(l2Timestamp)) }])].sort((a, b) => (a.chainId < b.chainId ? -1 : 1))
      // Super root preimage: version 1 ‖ uint64 timestamp ‖ (uint256 chain ID ‖ bytes32 output root)*.
      const extraData = concat([
        encodePacked(['uint8', 'uint64'], [1, BigInt(l2Timestamp)]),
        ...sorted.map((output) => encodePacked(['uint256', 'bytes32'], [output.chainId, output.outputRoot])),
      ])
      const root = keccak256(extraData)
      const game = await deploy('SuperFaultDisputeGame', [gameType, maxClockDuration, anchorStateRegistry, root, extraData], { timestamp })
      await send(disputeGameFactory, disputeGameFactoryAbi, 'registerGame', [gameType, game, root, extraData], timestamp)
      return game
    },

    retireGames: (timestamp) => send(anchorStateRegistry, anchorStateRegistryAbi, 'updateRetirementTimestamp', [], timestamp),

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

    deposit: ({ to = account.address, timestamp } = {}) => send(optimismPortal, optimismPortal2Abi, 'depositTransaction', [to, 0n, 100_000n, false, '0x'], timestamp),

    proveWithdrawal: ({ withdrawalHash, timestamp }) =>
      send(optimismPortal, optimismPortal2Abi, 'proveWithdrawalForTest', [withdrawalHash, account.address, account.address], timestamp),

    postBatch: ({ data = '0x00', timestamp } = {}) =>
      serial(async () => {
        if (timestamp !== undefined) await setNextTimestamp(l1, timestamp)
        // The batcher is an unlocked anvil account, so the node signs for it.
        const hash = await l1.rpc<Hash>('eth_sendTransaction', [{ from: DEV_BATCHER, to: DEV_BATCH_INBOX, data }])
        return confirm(hash)
      }),
  }
}
