// The tick Lambda bundled with esbuild exactly as the stack bundles it (lib/bundling.ts): size and contents.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { alarmNotifierEntry } from '../../lib/paths.js'
import { esbuildOptions, nodejsBundling } from '../../lib/bundling.js'
import { bundleCacheDir, bundleTick, measureColdImport, tickBundleLimitBytes } from '../../lib/measureTickBundle.js'

describe('tick Lambda bundle', () => {
  it('is under 1 MB, without zod, yaml, whatwg-url/tr46 or the AWS SDK, and still imports', async () => {
    const bundle = await bundleTick()
    expect(bundle.bytes).toBeLessThan(tickBundleLimitBytes)
    // Headroom for the breaker and more stacks: "well under".
    expect(bundle.bytes).toBeLessThan(0.8 * tickBundleLimitBytes)
    const names = bundle.largest.map((p) => p.name)
    for (const absent of ['zod', 'yaml', 'whatwg-url', 'tr46', 'dynalite', '@aws-sdk/client-dynamodb', '@smithy/core'])
      expect(names, absent).not.toContain(absent)
    expect(names).toContain('viem')
    const code = readFileSync(bundle.file, 'utf8')
    // The validated config is compiled in; the handler reads it without zod.
    expect(code.includes('0x229047fed2591dbec1eF1118d64F7aF3dB9EB290')).toBe(true)
    expect(code.includes('process.env.WATCHTOWER_CONFIG_JSON')).toBe(false)
    expect(existsSync(`${bundle.file}.map`)).toBe(true)
    // A fresh process can import it (externals resolve, the whatwg-url shim works) and finds the handler.
    const cold = measureColdImport(bundle.file, 1)
    expect(cold.runs).toHaveLength(1)
  })

  it('uses one definition for the stack and the esbuild JS API', () => {
    const define = { 'process.env.X': '"1"' }
    const cdk = nodejsBundling(define)
    const js = esbuildOptions('entry.ts', define, 'out/index.mjs')
    expect(cdk.externalModules).toEqual(js.external)
    expect(cdk.mainFields).toEqual(js.mainFields)
    expect(cdk.target).toBe(js.target)
    expect(cdk.banner).toBe((js.banner as { js: string }).js)
    expect(cdk.minify && js.minify && cdk.sourceMap && js.sourcemap).toBe(true)
    expect(cdk.sourcesContent).toBe(js.sourcesContent)
    expect(cdk.define).toEqual(js.define)
    expect(cdk.esbuildArgs?.['--alias']).toEqual(Object.entries(js.alias ?? {}).map(([from, to]) => `${from}=${to}`))
    expect(cdk.esbuildArgs?.['--tree-shaking']).toBe(String(js.treeShaking))
  })

  it('keeps the alarm notifier small too', async () => {
    const outfile = resolve(bundleCacheDir, 'alarm-notifier/index.mjs')
    const result = await build({ ...esbuildOptions(alarmNotifierEntry, { 'process.env.WATCHTOWER_NOTIFY_JSON': '"{}"' }, outfile), metafile: true })
    const bytes = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'))![1].bytes
    expect(bytes).toBeLessThan(400 * 1024)
  })
})
