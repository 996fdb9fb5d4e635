import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { WatchtowerError } from '../errors/WatchtowerError.js'
import { ensureDirectory } from './ensureDirectory.js'
import { probeLevelDb } from './probeLevelDb.js'
import { processStartTime } from './processStartTime.js'
import { readStateDirLock, type StateDirLock, stateDirLockFile } from './readStateDirLock.js'

export interface EmbeddedDynamo {
  /** http://127.0.0.1:PORT, for the AWS SDK's `endpoint`. */
  readonly endpoint: string
  /** The server belongs to another process (the state dir's owner, e.g. `watchtower run`): close() only lets go. */
  readonly attached: boolean
  /** The state dir's lock as written by its owner (this process unless attached); undefined in memory. */
  readonly lock?: StateDirLock
  close(): Promise<void>
}

export interface StartEmbeddedDynamoParameters {
  /** Persist under `<stateDir>/dynamodb`; without it the data lives in memory (tests). */
  readonly stateDir?: string
  /** Refuse to share the state dir with a running owner (`watchtower run`: two loops must not poll one state). */
  readonly exclusive?: boolean
  /** Published in the lock file for the other commands; `shared` lets them use this process's server. */
  readonly owner?: Pick<StateDirLock, 'command' | 'intervalSeconds' | 'shared'>
  /** How long to wait for a short-lived owner to finish, or a shared one to publish its endpoint. */
  readonly waitMs?: number
}

/**
 * A DynamoDB-compatible server (dynalite) on loopback. With a state dir its data lives in LevelDB under
 * `<stateDir>/dynamodb` and survives restarts. LevelDB allows one opener, so one process owns a state dir: it
 * publishes its server's address in `<stateDir>/watchtower.lock`; when it is a long-running, `shared` owner
 * (`watchtower run`) every other process started on the same dir uses that server (`mute` while `run` runs),
 * otherwise they wait for it to finish (it would take its server away mid-request). A lock whose process is gone,
 * or whose PID now names another process, is taken over.
 */
export async function startEmbeddedDynamo({ stateDir, exclusive = false, owner = {}, waitMs = 30_000 }: StartEmbeddedDynamoParameters = {}): Promise<EmbeddedDynamo> {
  if (!stateDir) {
    const server = await listen(undefined, '(memory)')
    return { endpoint: server.endpoint, attached: false, close: server.close }
  }
  ensureDirectory(stateDir, 'state dir')
  const path = join(stateDir, 'dynamodb')
  ensureDirectory(path, 'state dir')
  const deadline = Date.now() + waitMs
  for (;;) {
    const mine: StateDirLock = { pid: process.pid, ...optional('startTime', processStartTime(process.pid)), startedAt: Math.floor(Date.now() / 1000), ...owner }
    if (createLock(stateDir, mine)) return own(stateDir, path, mine)
    const holder = readStateDirLock(stateDir)
    if (!holder) continue // released meanwhile
    const alive = await holderAlive(stateDir, holder, path)
    if (alive === false) {
      rmSync(stateDirLockFile(stateDir), { force: true })
      continue
    }
    if (alive === true && holder.shared && holder.endpoint && (await answers(holder.endpoint))) {
      if (exclusive) throw inUse(stateDir, holder, 'stop it first, or pass a different --state-dir')
      return { endpoint: holder.endpoint, attached: true, lock: holder, close: async () => {} }
    }
    if (Date.now() >= deadline)
      throw inUse(
        stateDir,
        holder,
        holder.shared
          ? `it does not answer${holder.endpoint ? ` at ${holder.endpoint}` : ''}; if no watchtower runs there, delete ${stateDirLockFile(stateDir)}`
          : `it did not finish within ${Math.round(waitMs / 1000)} s; try again, or pass a different --state-dir`,
      )
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

function createLock(stateDir: string, lock: StateDirLock): boolean {
  try {
    writeFileSync(stateDirLockFile(stateDir), JSON.stringify(lock), { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new WatchtowerError(`cannot lock state dir ${stateDir}: ${(error as NodeJS.ErrnoException).code ?? error}`, { cause: error })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** true / false, or undefined for a lock being written this instant (look again). */
async function holderAlive(stateDir: string, holder: StateDirLock, path: string): Promise<boolean | undefined> {
  if (Number.isInteger(holder.pid) && holder.pid > 0) {
    if (!isAlive(holder.pid)) return false
    const startTime = processStartTime(holder.pid)
    // Same PID, other start time: the PID was recycled (PID 1 after a container restart).
    if (holder.startTime && startTime) return startTime === holder.startTime
  } else {
    try {
      if (Date.now() - statSync(stateDirLockFile(stateDir)).mtimeMs < 2000) return undefined
    } catch {
      return undefined
    }
  }
  // A bare or unreadable PID cannot be confirmed: LevelDB's own lock (released when its process dies) decides.
  const probe = await probeLevelDb(path)
  return !probe.ok && probe.locked
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) })
    await response.body?.cancel()
    return response.headers.has('x-amzn-requestid')
  } catch {
    return false
  }
}

function inUse(stateDir: string, holder: StateDirLock, advice: string): WatchtowerError {
  const who = Number.isInteger(holder.pid) ? `pid ${holder.pid}${holder.command ? `, watchtower ${holder.command}` : ''}` : 'another process'
  return new WatchtowerError(`state dir ${stateDir} is in use by another watchtower process (${who})`, { details: advice })
}

async function own(stateDir: string, path: string, mine: StateDirLock): Promise<EmbeddedDynamo> {
  const lockFile = stateDirLockFile(stateDir)
  const release = () => {
    const current = readStateDirLock(stateDir)
    if (current?.pid === mine.pid && current.startTime === mine.startTime) rmSync(lockFile, { force: true })
  }
  try {
    const probe = await probeLevelDb(path)
    if (!probe.ok && probe.locked) throw inUse(stateDir, { pid: Number.NaN, startedAt: 0 }, `its database is locked (${probe.message})`)
    if (!probe.ok)
      throw new WatchtowerError(`state dir ${stateDir} cannot be opened: its database looks damaged`, {
        details: `${probe.message}. Move it aside (mv ${stateDir} ${stateDir}.broken) to start afresh — incidents, acks, mutes and scan cursors are then forgotten — or restore it from a backup.`,
      })
    const server = await listen(path, stateDir)
    const lock = { ...mine, endpoint: server.endpoint }
    // Written whole, then renamed: a reader sees the old content or the new, never half.
    writeFileSync(`${lockFile}.${process.pid}`, JSON.stringify(lock))
    renameSync(`${lockFile}.${process.pid}`, lockFile)
    rmSync(join(stateDir, 'watchtower.pid'), { force: true }) // older versions' lock
    return { endpoint: server.endpoint, attached: false, lock, close: () => server.close().finally(release) }
  } catch (error) {
    release()
    throw error
  }
}

async function listen(path: string | undefined, label: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  // Loaded lazily: local runs only, and its native LevelDB binding must stay out of the Lambda bundle.
  const { default: dynalite } = await import('dynalite')
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    throw new WatchtowerError('cannot start the embedded DynamoDB server', { details: `state dir ${label}`, cause: error })
  }
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Another process's keep-alive connection must not hold a stopping owner open.
        setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 300).unref()
      }),
  }
}
