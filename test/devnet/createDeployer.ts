// The deployment plumbing every devnet shares: the anvil dev account's wallet, a one-transaction-at-a-time queue,
// receipt waits, contract deployment from the compiled artifacts and "set next timestamp, simulate, write, confirm".
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  type Abi,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
  TransactionReceiptNotFoundError,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { setNextTimestamp, type Anvil } from './anvil.js'
import { artifact } from './solc.js'

/** Anvil's first default account (funded with 10,000 ETH). */
export const DEV_PRIVATE_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
/**
 * Anvil's default accounts #1 and #4 (funded like #0): operator wallets that post batches and roots where a devnet
 * keeps them apart from the deployer (#1 is also the OP devnet's batcher; #2 is Scroll's permissionless caller, #3
 * the breaker's pauser).
 */
export const OPERATOR_PRIVATE_KEYS = {
  batcher: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  proposer: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
} as const satisfies Record<string, Hex>
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'
/** How long a sent transaction may take to be mined (interval-mining nodes included). */
const receiptTimeoutMs = 180_000
/** Gas limit for helper transactions (creating a game or committing a few batches needs under 1M). */
const TX_GAS = 5_000_000n

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

export interface DeployerOptions {
  /** Artifact group: the contracts in test/devnet/contracts/<group>/ ('' = the OP Stack ones at the top). */
  group?: string
  /** Default: DEV_PRIVATE_KEY. */
  privateKey?: Hex
  /** Gas limit of every `send` (fixed, never estimated: see `send`). Default 5M. */
  gas?: bigint
  /** Simulate each `send` against `pending` first, so a revert surfaces with its decoded reason. Default true. */
  simulate?: boolean
  /** After each transaction, evm_mine if the node's automine is off (`--no-mining` nodes). Default false. */
  mineWhenManual?: boolean
}

export interface Deployer {
  chain: Chain
  client: DevnetClient
  account: PrivateKeyAccount
  wallet: WalletClient<Transport, Chain, PrivateKeyAccount>
  /** Runs `task` after every task queued before it (failed ones included). */
  serial<T>(task: () => Promise<T>): Promise<T>
  /** Waits for the receipt; throws if the transaction reverted. */
  confirm(hash: Hash): Promise<TransactionReceipt>
  /** Deploys an artifact of the group (or of `options.group`); returns its checksummed address. */
  deploy(name: string, args: readonly unknown[], options?: { timestamp?: number; group?: string }): Promise<Address>
  /** Calls `functionName` in a block at `timestamp` (when given), from `from` (default: the deployer). */
  send(
    to: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    timestamp?: number,
    from?: PrivateKeyAccount,
  ): Promise<TransactionReceipt>
}

export async function createDeployer(anvil: Anvil, options: DeployerOptions = {}): Promise<Deployer> {
  const group = options.group ?? ''
  const gas = options.gas ?? TX_GAS
  const chain = await devnetChain(anvil)
  const client = devnetClient(chain, anvil.url)
  const account = privateKeyToAccount(options.privateKey ?? DEV_PRIVATE_KEY)
  const wallet = createWalletClient({ account, chain, transport: http(anvil.url), pollingInterval: 50 })

  // One transaction at a time: keeps nonces in order when helpers are called concurrently and
  // keeps "set next timestamp, then send" atomic.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task)
    queue = run.catch(() => undefined)
    return run
  }

  // The receipt itself is polled, every few ms: a block-number watch (waitForTransactionReceipt) that first asks
  // just before an automined block's receipt is stored waits for a next block that never comes, and its 50 ms
  // polls made long replays crawl.
  const confirm = async (hash: Hash): Promise<TransactionReceipt> => {
    const deadline = Date.now() + receiptTimeoutMs
    for (;;) {
      const receipt = await client.getTransactionReceipt({ hash }).catch((error: unknown) => {
        if (error instanceof TransactionReceiptNotFoundError) return undefined
        throw error
      })
      if (receipt) {
        if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
        return receipt
      }
      if (Date.now() > deadline) throw new Error(`transaction ${hash} was not mined within ${receiptTimeoutMs / 1000} s`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  // Sent, mined (by hand on a node that does not automine, when asked to) and confirmed.
  const mined = async (sent: Promise<Hash>): Promise<TransactionReceipt> => {
    const hash = await sent
    if (options.mineWhenManual && !(await anvil.rpc<boolean>('anvil_getAutomine'))) await anvil.rpc('evm_mine')
    return confirm(hash)
  }

  const deploy = (name: string, args: readonly unknown[], at: { timestamp?: number; group?: string } = {}): Promise<Address> =>
    serial(async () => {
      if (at.timestamp !== undefined) await setNextTimestamp(anvil, at.timestamp)
      const { abi, bytecode } = artifact(name, at.group ?? group)
      const receipt = await mined(wallet.deployContract({ abi, bytecode, args, chain, account }))
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
    from: PrivateKeyAccount = account,
  ): Promise<TransactionReceipt> =>
    serial(async () => {
      if (timestamp !== undefined) await setNextTimestamp(anvil, timestamp)
      if (!(options.simulate ?? true))
        return mined(wallet.writeContract({ account: from, chain, address: to, abi, functionName, args, gas } as never))
      // Simulate first so a revert surfaces with its decoded reason instead of a bare failure.
      // Against 'pending': anvil's `latest` still has the old block.timestamp, so a call that
      // depends on the time just set (e.g. setAnchorState after the finality delay) would
      // wrongly revert there. For the same reason the gas is fixed rather than estimated.
      const { request } = await client.simulateContract({ account: from, address: to, abi, functionName, args, blockTag: 'pending' })
      return mined(wallet.writeContract({ ...request, gas }))
    })

  return { chain, client, account, wallet, serial, confirm, deploy, send }
}
