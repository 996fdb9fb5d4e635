// Local anvil nodes for integration tests: spawn, wait for RPC, control block timestamps, stop.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Anvil {
  url: string
  port: number
  /** OS process id of the anvil binary. */
  pid: number
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>
  stop(): Promise<void>
}

export interface StartAnvilOptions {
  chainId?: number
  /** `safe` = latest − N and `finalized` = latest − 2N (anvil's default N is 32). */
  slotsInAnEpoch?: number
  /** Genesis block timestamp, unix seconds. */
  timestamp?: number
  /** Interval mining in seconds (default: automine, one block per transaction). */
  blockTime?: number
  /** Mine only on evm_mine / anvil_mine. */
  noMining?: boolean
  /** Keep at most this many states, in memory only (`--prune-history N`): long runs stay fast, old state is gone. */
  pruneHistory?: number
  /**
   * EVM hardfork (`--hardfork`). Since Prague each block writes its parent's hash into the EIP-2935 history
   * contract, so every state anvil keeps grows with the chain: mining slows block by block. `cancun` avoids it.
   */
  hardfork?: string
}

export interface MineOptions {
  /** Timestamp of the first mined block (unix s). Default: anvil's clock. */
  timestamp?: number
  /** Seconds between mined blocks. Default 1: anvil otherwise gives blocks mined within
   *  the same wall-clock second the same timestamp. */
  interval?: number
}

const require = createRequire(import.meta.url)

// Children still running, shared through globalThis because vitest may evaluate this module
// more than once per worker process. They are SIGKILLed when the process exits and on
// SIGTERM/SIGINT/SIGHUP: vitest stops its fork workers with SIGTERM, which ends Node without an
// 'exit' event, so a file that forgot stop() (or crashed before it) would otherwise leak nodes.
const registryKey = Symbol.for('l2-watchtower.devnet.anvil-children')

function liveChildren(): Set<ChildProcess> {
  const holder = globalThis as { [registryKey]?: Set<ChildProcess> }
  let children = holder[registryKey]
  if (children) return children
  const set = new Set<ChildProcess>()
  children = holder[registryKey] = set
  const killAll = (): void => {
    for (const child of set) {
      child.kill('SIGKILL')
      removeStateDir(child)
    }
    set.clear()
  }
  process.once('exit', killAll)
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAll()
      process.off(signal, onSignal)
      // Our listener replaced Node's default "terminate"; restore it unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    }
    process.on(signal, onSignal)
  }
  return children
}

/**
 * Each node's own `--cache-path` (where anvil persists the states it no longer keeps in memory). Anvil leaves its
 * state directory behind when stopped, in ~/.foundry/anvil/tmp by default: every node ever started filled the disk.
 */
const stateDirs = new WeakMap<ChildProcess, string>()

function removeStateDir(child: ChildProcess): void {
  const dir = stateDirs.get(child)
  if (dir) rmSync(dir, { recursive: true, force: true })
  stateDirs.delete(child)
}

/** Path of the native anvil binary. Spawning it directly (not the npm `bin.mjs` wrapper)
 *  means `kill` reaches anvil itself rather than a Node shim. */
export function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const name = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  try {
    return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/${name}`)
  } catch {
    throw new Error(`No anvil binary for ${process.platform}-${arch}; is @foundry-rs/anvil installed?`)
  }
}

let rpcId = 0

async function jsonRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  })
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message} (code ${body.error.code})`)
  return body.result as T
}

function buildArgs(o: StartAnvilOptions): string[] {
  // Port 0 lets the kernel pick a free port and anvil prints it ("Listening on 127.0.0.1:PORT").
  // That needs anvil's log output, so no --silent: probing a free port first and passing it to a
  // silent anvil races with parallel workers (another node could take the port and answer us).
  const args = ['--host', '127.0.0.1', '--port', '0']
  if (o.chainId !== undefined) args.push('--chain-id', String(o.chainId))
  if (o.slotsInAnEpoch !== undefined) args.push('--slots-in-an-epoch', String(o.slotsInAnEpoch))
  if (o.timestamp !== undefined) args.push('--timestamp', String(o.timestamp))
  if (o.blockTime !== undefined) args.push('--block-time', String(o.blockTime))
  if (o.noMining) args.push('--no-mining')
  if (o.pruneHistory !== undefined) args.push('--prune-history', String(o.pruneHistory))
  if (o.hardfork !== undefined) args.push('--hardfork', o.hardfork)
  return args
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
    await exited
    clearTimeout(timer)
  }
  removeStateDir(child)
  liveChildren().delete(child)
}

/** Resolves with the port from anvil's "Listening on" line; rejects if anvil exits first. */
function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    let found = false
    const fail = (why: string): void => {
      if (found) return
      found = true
      clearTimeout(timer)
      reject(new Error(`anvil ${why}: ${(stderr || stdout).trim().slice(-2_000)}`))
    }
    const timer = setTimeout(() => fail(`printed no "Listening on" line within ${timeoutMs} ms`), timeoutMs)
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000)
    })
    // Keep reading after the match: anvil logs every RPC call, and a full pipe would block it.
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (found) return
      stdout = (stdout + chunk).slice(-8_000)
      const match = /Listening on [^\s]+:(\d+)/.exec(stdout)
      if (match?.[1]) {
        found = true
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('error', (err) => fail(`failed to start (${err.message})`))
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`))
  })
}

export async function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const stateDir = mkdtempSync(join(tmpdir(), 'anvil-state-'))
  const child = spawn(anvilBinary(), [...buildArgs(options), '--cache-path', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  stateDirs.set(child, stateDir)
  liveChildren().add(child)
  let port: number
  try {
    port = await listeningPort(child, 15_000)
  } catch (err) {
    await stopChild(child)
    throw err
  }
  const url = `http://127.0.0.1:${port}`
  await jsonRpc(url, 'eth_chainId') // it listens before printing the line; this checks it answers
  let stopped: Promise<void> | undefined
  return {
    url,
    port,
    pid: child.pid ?? -1,
    rpc: <T = unknown>(method: string, params?: unknown[]) => jsonRpc<T>(url, method, params),
    stop: () => (stopped ??= stopChild(child)),
  }
}

/** Next block's timestamp (unix s). Must be ≥ the latest block's timestamp. */
export async function setNextTimestamp(anvil: Anvil, timestamp: number | bigint): Promise<void> {
  try {
    await anvil.rpc('evm_setNextBlockTimestamp', [Number(timestamp)])
  } catch (error) {
    // Name the head it collided with: which block came first is what a replay's clock got wrong.
    const head = await latestBlock(anvil).catch(() => undefined)
    throw new Error(`${(error as Error).message}${head ? ` (head #${head.number} at ${head.timestamp}, ${head.timestamp - Number(timestamp)} s later)` : ''}`, { cause: error })
  }
}

/** Mines `count` empty-or-pending blocks: the first at `timestamp` (if given), then every `interval` s. */
export async function mineBlocks(anvil: Anvil, count: number, options: MineOptions = {}): Promise<void> {
  if (count <= 0) return
  if (options.timestamp === undefined) {
    await anvil.rpc('anvil_mine', [toHex(count), toHex(options.interval ?? 1)])
    return
  }
  await mineSpaced(anvil, count, options.timestamp, options.interval ?? 1)
}

/**
 * Mines `count` blocks exactly `interval` whole seconds apart, the first at `first`, in three requests. Anvil's
 * interval mode (anvil_setBlockTimestampInterval) stamps each block from the one before; anvil_mine's own interval
 * argument instead adds the wall-clock time the run took, so under load heads landed seconds late and every age a
 * test or a replay measured drifted with the machine. Afterwards the mode is removed (later blocks follow anvil's
 * clock), or set to `restInterval` on a node kept off the wall clock (a replay's L1: 0, see createL1Clock).
 */
export async function mineSpaced(anvil: Anvil, count: number, first: number, interval: number, restInterval?: number): Promise<void> {
  if (count <= 0) return
  if (!Number.isInteger(first) || !Number.isInteger(interval) || interval < 1)
    throw new Error(`mineSpaced needs whole seconds, interval ≥ 1 (got first ${first}, interval ${interval})`)
  if (count === 1) {
    await anvil.rpc('evm_mine', [first])
    return
  }
  await anvil.rpc('anvil_setBlockTimestampInterval', [interval])
  try {
    await anvil.rpc('evm_setNextBlockTimestamp', [first])
    await anvil.rpc('anvil_mine', [toHex(count)])
  } finally {
    if (restInterval === undefined) await anvil.rpc('anvil_removeBlockTimestampInterval')
    else await anvil.rpc('anvil_setBlockTimestampInterval', [restInterval])
  }
}

/** Latest block's number and timestamp, as numbers (devnet values are small). */
export async function latestBlock(anvil: Anvil): Promise<{ number: number; timestamp: number }> {
  const block = await anvil.rpc<{ number: string; timestamp: string }>('eth_getBlockByNumber', ['latest', false])
  return { number: Number(block.number), timestamp: Number(block.timestamp) }
}

function toHex(n: number): string {
  return `0x${n.toString(16)}`
}
