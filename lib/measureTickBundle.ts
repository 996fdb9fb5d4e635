/**
 * Bundles the tick function exactly as the stack does (lib/bundling.ts) and measures it: bundle size, source
 * map size, and cold-import time (a fresh `node` process importing the bundle, median of several runs).
 *
 *   npx tsx lib/measureTickBundle.ts          # prints a summary and one `TICK_BUNDLE_JSON {...}` line
 *
 * The bundle is written under node_modules/.cache so the externals (@aws-sdk/*, which the Lambda runtime
 * provides) resolve from this repo's node_modules when imported.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { loadConfig } from '../functions/config/loadConfig.js'
import type { WatchtowerConfig } from '../functions/config/schema.js'
import { esbuildOptions } from './bundling.js'
import { repoRoot, tickEntry } from './paths.js'

/** The issue's budget for the tick bundle. */
export const tickBundleLimitBytes = 1024 * 1024

export const bundleCacheDir = resolve(repoRoot, 'node_modules/.cache/l2-watchtower')

export interface TickBundle {
  readonly file: string
  readonly bytes: number
  readonly mapBytes: number
  /** Bytes in the output per package (or per source folder), largest first. */
  readonly largest: readonly { readonly name: string; readonly bytes: number }[]
}

function defaultConfig(): WatchtowerConfig {
  return loadConfig(resolve(repoRoot, 'config/stages/prod.yaml'))
}

/** Bundles functions/handlers/tick.ts with the stack's esbuild options and the given (validated) config. */
export async function bundleTick(config: WatchtowerConfig = defaultConfig(), outDir = resolve(bundleCacheDir, 'tick')): Promise<TickBundle> {
  mkdirSync(outDir, { recursive: true })
  const file = resolve(outDir, 'index.mjs')
  const result = await build({
    ...esbuildOptions(tickEntry, { 'process.env.WATCHTOWER_CONFIG_JSON': JSON.stringify(JSON.stringify(config)) }, file),
    metafile: true,
  })
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'))?.[1]
  const byPackage = new Map<string, number>()
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
    const name = match?.[1] ?? path.split('/').slice(0, 2).join('/')
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput)
  }
  return {
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`).size,
    largest: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
  }
}

export interface ColdImport {
  /** Milliseconds, per run. */
  readonly runs: readonly number[]
  readonly medianMs: number
}

/**
 * Imports `file` in `runs` fresh Node processes and times the `import()` alone (module load, parse and
 * top-level evaluation; process start-up excluded). The module must export `handler`.
 */
export function measureColdImport(file: string, runs = 5): ColdImport {
  const script = [
    `const started = performance.now()`,
    `const module = await import(${JSON.stringify(pathToFileURL(file).href)})`,
    `const ms = performance.now() - started`,
    `if (typeof module.handler !== 'function') throw new Error('no handler export')`,
    `process.stdout.write(String(ms))`,
  ].join('\n')
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '--enable-source-maps', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_SERVICE_NAME: 'watchtower-bench',
      },
    })
    if (child.status !== 0) throw new Error(`importing ${file} failed:\n${child.stderr}`)
    times.push(Number(child.stdout))
  }
  const sorted = [...times].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { runs: times, medianMs }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** One human summary plus a machine line; what `npm run bench` prints for the bundle. */
export async function reportTickBundle(write: (line: string) => void = console.log, runs = 5): Promise<{ bundle: TickBundle; coldImport: ColdImport }> {
  const bundle = await bundleTick()
  const coldImport = measureColdImport(bundle.file, runs)
  write(
    `Tick Lambda bundle: ${kb(bundle.bytes)} minified ESM (limit ${kb(tickBundleLimitBytes)}: ${bundle.bytes < tickBundleLimitBytes ? 'OK' : 'OVER'}), source map ${kb(bundle.mapBytes)}; AWS SDK from the Lambda runtime`,
  )
  write(`  largest: ${bundle.largest.slice(0, 6).map((p) => `${p.name} ${kb(p.bytes)}`).join(', ')}`)
  write(
    `  cold import (fresh node ${process.version} process, import() only, median of ${runs}): ${coldImport.medianMs.toFixed(0)} ms [${coldImport.runs.map((ms) => ms.toFixed(0)).join(', ')}]`,
  )
  write(
    `TICK_BUNDLE_JSON ${JSON.stringify({ bytes: bundle.bytes, mapBytes: bundle.mapBytes, limitBytes: tickBundleLimitBytes, coldImportMs: Math.round(coldImport.medianMs), coldImportRuns: coldImport.runs.map(Math.round), node: process.version })}`,
  )
  return { bundle, coldImport }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { bundle } = await reportTickBundle()
  if (bundle.bytes >= tickBundleLimitBytes) process.exitCode = 1
}
