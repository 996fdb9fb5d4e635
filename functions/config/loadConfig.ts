import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError } from './ConfigError.js'
import { parseConfig } from './parseConfig.js'
import type { WatchtowerConfig } from './schema.js'

export const defaultConfigFile = 'watchtower.config.yaml'
/** The bundled presets, relative to the repo root. */
export const bundledConfigPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../config/mainnet.yaml')

/** `--config PATH`, else ./watchtower.config.yaml, else the bundled config/mainnet.yaml. */
export function resolveConfigPath(explicit?: string, cwd = process.cwd()): string {
  if (explicit) return resolve(cwd, explicit)
  const local = resolve(cwd, defaultConfigFile)
  return existsSync(local) ? local : bundledConfigPath
}

export function loadConfig(path: string): WatchtowerConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? error}` }], {
      cause: error,
    })
  }
  return parseConfig(text, path)
}
