// Compiles test/devnet/contracts/*.sol with solc-js, caching the artifacts by source hash.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'

export interface Artifact {
  abi: Abi
  bytecode: Hex
  deployedBytecode: Hex
}

export type Artifacts = Record<string, Artifact>

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
const contractsDir = join(here, 'contracts')
const repoRoot = join(here, '..', '..')
const cacheDir = join(repoRoot, 'node_modules', '.cache', 'watchtower-solc')

const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>
}

const memo = new Map<string, Artifacts>()

/** Reads an import (`@openzeppelin/...` or any package path) from node_modules. */
function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') }
  } catch {
    return { error: `File not found: ${path}` }
  }
}

/**
 * Artifacts for every contract in test/devnet/contracts, keyed by contract name.
 * The cache key covers our sources, the solc and OpenZeppelin versions and the settings,
 * so editing a contract or upgrading solc recompiles; a hit skips loading solc (~1 s).
 */
export function compileContracts(group = ''): Artifacts {
  const cached = memo.get(group)
  if (cached) return cached
  // Each stack keeps its contracts in its own folder (contracts/<stack>/), compiled separately.
  const dir = group ? join(contractsDir, group) : contractsDir
  const files = readdirSync(dir).filter((f) => f.endsWith('.sol')).sort()
  // Every chain has Multicall3 at its canonical address, so every group gets the one shared copy.
  if (group && !files.includes('Multicall3.sol')) files.push('Multicall3.sol')
  const sources: Record<string, { content: string }> = {}
  for (const file of files) sources[file] = { content: readFileSync(join(file === 'Multicall3.sol' ? contractsDir : dir, file), 'utf8') }

  const solcVersion = (require('solc/package.json') as { version: string }).version
  const ozVersion = (require('@openzeppelin/contracts/package.json') as { version: string }).version
  const key = createHash('sha256')
    .update(JSON.stringify({ sources, solcVersion, ozVersion, settings }))
    .digest('hex')
  const cacheFile = join(cacheDir, `${key}.json`)
  if (existsSync(cacheFile)) {
    const artifacts = JSON.parse(readFileSync(cacheFile, 'utf8')) as Artifacts
    memo.set(group, artifacts)
    return artifacts
  }

  const solc = require('solc') as { compile(input: string, callbacks: { import: typeof findImport }): string }
  const input = { language: 'Solidity', sources, settings }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  const warnings = (output.errors ?? []).filter((e) => e.severity === 'warning')
  if (warnings.length > 0) console.warn(warnings.map((e) => e.formattedMessage).join('\n'))
  if (errors.length > 0) {
    throw new Error(`solc ${solcVersion} failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  }

  const artifacts: Artifacts = {}
  for (const file of files) {
    // Only contracts declared in our own files; imported library contracts are skipped.
    for (const [name, c] of Object.entries(output.contracts?.[file] ?? {})) {
      if (c.evm.bytecode.object === '') continue // interfaces and abstract contracts
      artifacts[name] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      }
    }
  }

  mkdirSync(cacheDir, { recursive: true })
  // Write-then-rename so a parallel worker never reads a half-written file.
  const tmp = `${cacheFile}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(artifacts))
  renameSync(tmp, cacheFile)
  memo.set(group, artifacts)
  return artifacts
}

/** One artifact by contract name; throws with the known names if it is missing. */
export function artifact(name: string, group = ''): Artifact {
  const all = compileContracts(group)
  const found = all[name]
  if (!found) throw new Error(`No compiled contract ${name}; have ${Object.keys(all).join(', ')}`)
  return found
}
