import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What `<stateDir>/watchtower.lock` says about the process that owns the state dir's embedded store. */
export interface StateDirLock {
  readonly pid: number
  /** processStartTime(pid) when it was written; absent where there is no /proc. */
  readonly startTime?: string
  /** Unix seconds. */
  readonly startedAt: number
  /** The owner's CLI command (run, check, status, …). */
  readonly command?: string
  /** Its embedded DynamoDB server, published once listening: other commands use it while it runs. */
  readonly endpoint?: string
  /** The owner serves other processes through `endpoint` (a long-running `run`); others wait for it to finish. */
  readonly shared?: boolean
  /** `watchtower run --interval`, so `status` can tell a stale heartbeat. */
  readonly intervalSeconds?: number
}

export const stateDirLockFile = (stateDir: string) => join(stateDir, 'watchtower.lock')

/** The lock file's content; `{ pid: NaN }` for a file that is not ours (or half-written), undefined when there is none. */
export function readStateDirLock(stateDir: string): StateDirLock | undefined {
  let text: string
  try {
    text = readFileSync(stateDirLockFile(stateDir), 'utf8')
  } catch {
    return undefined
  }
  try {
    const value = JSON.parse(text) as Partial<StateDirLock>
    if (typeof value === 'object' && value && typeof value.pid === 'number') return { startedAt: 0, ...value } as StateDirLock
  } catch {
    // fall through
  }
  // A bare PID (as older versions wrote) still names a process, without the start time to confirm it.
  const pid = /^\s*(\d+)\s*$/.exec(text)?.[1]
  return { pid: pid ? Number(pid) : Number.NaN, startedAt: 0 }
}
