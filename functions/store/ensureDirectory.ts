import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { WatchtowerError } from '../errors/WatchtowerError.js'

/**
 * `mkdir -p` that fails at once with the directory it could not make. Node's own recursive mkdir spins forever
 * under /proc (mkdir answers ENOENT for a child of an existing dir, so it keeps "creating" the parent).
 */
export function ensureDirectory(path: string, what = 'directory'): void {
  const missing: string[] = []
  let current = resolve(path)
  while (!existsSync(current)) {
    missing.push(current)
    const parent = dirname(current)
    if (parent === current) break
    current = parent
  }
  const fail = (reason: string, cause?: unknown): never => {
    throw new WatchtowerError(`cannot create ${what} ${path}: ${reason}`, { details: 'pass a writable directory (--state-dir DIR)', cause })
  }
  if (existsSync(current) && !statSync(current).isDirectory()) fail(`${current} is not a directory`)
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fail(`mkdir ${dir}: ${(error as NodeJS.ErrnoException).code ?? error}`, error)
    }
  }
  try {
    accessSync(path, constants.W_OK)
  } catch (error) {
    fail(`not writable (${(error as NodeJS.ErrnoException).code ?? error})`, error)
  }
}
