import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import dynalite from 'dynalite'
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
  if (stateDir) {
    path = join(stateDir, 'dynamodb')
    mkdirSync(path, { recursive: true })
  }
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    throw new WatchtowerError('cannot start the embedded DynamoDB server', { details: `state dir ${stateDir ?? '(memory)'}`, cause: error })
  }
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
