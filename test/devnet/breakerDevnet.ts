// Devnet pieces for the circuit breaker: an OpenZeppelin Pausable + AccessControl target, an OptimismPortal with
// the real depositTransaction, an Arbitrum Bridge + delayed Inbox, funding, and a DynamoDB table on dynalite.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import {
  type Abi,
  type Address,
  createPublicClient,
  type Hash,
  type Hex,
  http,
  keccak256,
  pad,
  zeroAddress,
  numberToHex,
  parseEther,
  type PublicClient,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createTableIfMissing } from '../../functions/store/createTableIfMissing.js'
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../functions/store/startEmbeddedDynamo.js'
import type { Anvil } from './anvil.js'
import { createDeployer, DEV_PRIVATE_KEY, type Deployer } from './createDeployer.js'
import { artifact } from './solc.js'

export const BREAKER_CONTRACTS = 'breaker'
export const PAUSER_ROLE: Hex = keccak256(toHex('PAUSER_ROLE'))
/** Anvil's 4th default account: the breaker's signer in tests (its nonce counts the breaker's transactions). */
export const PAUSER_PRIVATE_KEY: Hex = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'
export const PAUSER_ADDRESS: Address = privateKeyToAccount(PAUSER_PRIVATE_KEY).address

export function devClient(anvil: Anvil): PublicClient {
  return createPublicClient({ transport: http(anvil.url), cacheTime: 0, pollingInterval: 50 })
}

/**
 * The deployer on each node: one transaction at a time (nonces stay in order), calls unsimulated with fixed gas, and
 * mined even on a node without automine (`--no-mining`): evm_mine right after sending.
 */
const deployers = new WeakMap<Anvil, Promise<Deployer>>()
function deployerOn(anvil: Anvil): Promise<Deployer> {
  let deployer = deployers.get(anvil)
  if (!deployer) {
    deployer = createDeployer(anvil, { group: BREAKER_CONTRACTS, simulate: false, mineWhenManual: true })
    deployer.catch(() => deployers.delete(anvil))
    deployers.set(anvil, deployer)
  }
  return deployer
}

async function deploy(anvil: Anvil, name: string, args: readonly unknown[] = [], group = BREAKER_CONTRACTS): Promise<Address> {
  return (await deployerOn(anvil)).deploy(name, args, { group })
}

async function call(anvil: Anvil, to: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<void> {
  await (await deployerOn(anvil)).send(to, abi, functionName, args)
}

export interface PausableTarget {
  readonly address: Address
  readonly abi: Abi
  grantPauser(account: Address): Promise<void>
  isPaused(): Promise<boolean>
  /** Pauses it as the deployer (granting itself the role first): "already paused" scenarios. */
  pauseAsAdmin(): Promise<void>
}

export async function deployPausableTarget(anvil: Anvil, options: { pauser?: Address } = {}): Promise<PausableTarget> {
  const admin = privateKeyToAccount(DEV_PRIVATE_KEY).address
  const address = await deploy(anvil, 'PausableTarget', [admin])
  const { abi } = artifact('PausableTarget', BREAKER_CONTRACTS)
  const target: PausableTarget = {
    address,
    abi,
    grantPauser: (account) => call(anvil, address, abi, 'grantRole', [PAUSER_ROLE, account]),
    isPaused: async () => (await devClient(anvil).readContract({ address, abi, functionName: 'paused' })) as boolean,
    async pauseAsAdmin() {
      await call(anvil, address, abi, 'grantRole', [PAUSER_ROLE, admin])
      await call(anvil, address, abi, 'pause')
    },
  }
  if (options.pauser) await target.grantPauser(options.pauser)
  return target
}

/** The breaker's devnet OptimismPortal (forwards respectedGameType to `anchorStateRegistry` when given). */
export async function deployBreakerPortal(l1: Anvil, anchorStateRegistry: Address = '0x0000000000000000000000000000000000000000'): Promise<Address> {
  return deploy(l1, 'OptimismPortal', [anchorStateRegistry])
}

/**
 * The OP devnet's SystemConfig (test/devnet/contracts) pointing at `portal`, so the breaker finds the portal the
 * way it does on a real chain: SystemConfig.optimismPortal().
 */
export async function deploySystemConfig(
  l1: Anvil,
  { portal, disputeGameFactory = zeroAddress }: { portal: Address; disputeGameFactory?: Address },
): Promise<Address> {
  return deploy(l1, 'SystemConfig', [portal, disputeGameFactory, zeroAddress, '0xFf00000000000000000000000000000000000901', pad('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', { size: 32 })], '')
}

export async function deployArbitrumInbox(l1: Anvil): Promise<{ bridge: Address; inbox: Address }> {
  const bridge = await deploy(l1, 'Bridge')
  const inbox = await deploy(l1, 'Inbox', [bridge, 117_964n])
  await call(l1, bridge, artifact('Bridge', BREAKER_CONTRACTS).abi, 'setDelayedInbox', [inbox, true])
  return { bridge, inbox }
}

export async function fund(anvil: Anvil, address: Address, ether = '10'): Promise<void> {
  await anvil.rpc('anvil_setBalance', [address, numberToHex(parseEther(ether))])
}

/** Transactions the account has had mined on this node. */
export async function minedNonce(anvil: Anvil, address: Address): Promise<number> {
  return devClient(anvil).getTransactionCount({ address, blockTag: 'latest' })
}

/** Transactions from `address` sitting in the node's pool. */
export async function pooled(anvil: Anvil, address: Address): Promise<{ nonce: number; maxFeePerGas: bigint; hash: Hash }[]> {
  const content = await anvil.rpc<{ pending: Record<string, Record<string, { nonce: string; maxFeePerGas: string; hash: Hash }>> }>('txpool_content')
  const mine = Object.entries(content.pending).find(([from]) => from.toLowerCase() === address.toLowerCase())?.[1] ?? {}
  return Object.values(mine).map((tx) => ({ nonce: Number(tx.nonce), maxFeePerGas: BigInt(tx.maxFeePerGas), hash: tx.hash }))
}

export interface BreakerTable {
  readonly server: EmbeddedDynamo
  readonly client: DynamoDBClient
  readonly doc: DynamoDBDocumentClient
  /** A fresh table on the same server (one per scenario keeps them apart). */
  table(name: string): Promise<string>
  close(): Promise<void>
}

export async function startBreakerTable(): Promise<BreakerTable> {
  const server = await startEmbeddedDynamo()
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 })
  const doc = DynamoDBDocumentClient.from(client)
  return {
    server,
    client,
    doc,
    async table(name) {
      await createTableIfMissing(client, name)
      return name
    },
    async close() {
      client.destroy()
      await server.close()
    },
  }
}
