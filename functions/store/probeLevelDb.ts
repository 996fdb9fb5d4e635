import { createRequire } from 'node:module'

export type LevelDbProbe = { readonly ok: true } | { readonly ok: false; readonly locked: boolean; readonly message: string }

interface LevelDatabase {
  open(): Promise<void>
  close(): Promise<void>
}

/**
 * Opens and closes the LevelDB under `path` (creating it if missing), to learn before dynalite does whether it
 * is usable: dynalite turns an open failure into an uncaught exception. `locked` means another process (or this
 * one) has it open; LevelDB's lock dies with its process, so this is the ground truth a PID file cannot be.
 */
export async function probeLevelDb(path: string): Promise<LevelDbProbe> {
  // dynalite's own copy of `level`, loaded lazily like dynalite (local runs only, native binding).
  const require = createRequire(createRequire(import.meta.url).resolve('dynalite'))
  const { Level } = require('level') as { Level: new (path: string, options: object) => LevelDatabase }
  const db = new Level(path, { createIfMissing: true, valueEncoding: 'json' })
  try {
    await db.open()
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return { ok: false, locked: cause?.code === 'LEVEL_LOCKED', message: cause?.message ?? (error as Error).message }
  }
  await db.close()
  return { ok: true }
}
