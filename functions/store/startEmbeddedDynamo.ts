import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { WatchtowerError } from '../errors/WatchtowerError.js'

export interface EmbeddedDynamo {
  /** http://127.0.0.1:PORT, for the AWS SDK's `endpoint`. */
  readonly endpoint: string
  close(): Promise<void>
}

/**
 * A DynamoDB-compatible server (dynalite) inside this process, on loopback. With a state dir its data lives in
 * LevelDB under `<stateDir>/dynamodb` and survives restarts; without one it is in memory (tests).
 */
export async function startEmbeddedDynamo({ stateDir }: { stateDir?: string } = {}): Promise<EmbeddedDynamo> {
  let path: string | undefined
  let releaseLock = () => {}
  if (stateDir) {
    path = join(stateDir, 'dynamodb')
    mkdirSync(path, { recursive: true })
    releaseLock = lockStateDir(stateDir)
  }
  // Loaded lazily: local runs only, and its native LevelDB binding must stay out of the Lambda bundle.
  const { default: dynalite } = await import('dynalite')
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    releaseLock()
    throw new WatchtowerError('cannot start the embedded DynamoDB server', { details: `state dir ${stateDir ?? '(memory)'}`, cause: error })
  }
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve())).finally(releaseLock),
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

/**
 * LevelDB allows one opener per directory, and dynalite crashes the process on a second one: refuse
 * up front, with a message that says which process holds the state dir. A lock left by a dead process is taken over.
 */
function lockStateDir(stateDir: string): () => void {
  const lockFile = join(stateDir, 'watchtower.pid')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      return () => rmSync(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(lockFile, 'utf8'))
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
        throw new WatchtowerError(`state dir ${stateDir} is in use by another watchtower process (pid ${holder})`, {
          details: 'stop it, or pass a different --state-dir',
        })
      rmSync(lockFile, { force: true })
    }
  }
  throw new WatchtowerError(`cannot lock state dir ${stateDir}`)
}
