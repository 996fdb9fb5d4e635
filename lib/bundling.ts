import { resolve } from 'node:path'
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { BuildOptions } from 'esbuild'
import { repoRoot } from './paths.js'

/**
 * How every Lambda in the stack is bundled: ONE definition, turned into NodejsFunction bundling options for the
 * stack and into esbuild JS-API options for the bundle-size test and the bench, so both measure what ships.
 *
 * Size budget (tick function, minified): well under 1 MB. Where the bytes went and what was done:
 * - zod (~440 KB) and yaml (~110 KB): the config is validated at synth and bundled as JSON, so the
 *   functions import neither (see functions/runtime/readBundledConfig.ts);
 * - whatwg-url + tr46 (~280 KB), pulled in by telegraf's node-fetch 2 as a fallback for Node < 10: aliased
 *   to Node's own URL (functions/runtime/whatwgUrlShim.ts);
 * - @aws-sdk/* and @smithy/* (~350 KB): taken from the Lambda Node.js runtime, which ships SDK v3 (CDK's
 *   own default for Node ≥ 18 runtimes).
 */
export const lambdaTarget = 'node24'

/** CJS dependencies (telegraf, …) call require() for Node built-ins; an ESM bundle must provide it. */
export const esmRequireBanner =
  "import { createRequire as __watchtowerCreateRequire } from 'node:module'; const require = __watchtowerCreateRequire(import.meta.url);"

/**
 * Left out of the bundle: dynalite (the embedded local DynamoDB, imported lazily, never used in Lambda, has a
 * native LevelDB binding) and the AWS SDK, which the runtime provides.
 */
export const lambdaExternals = ['dynalite', '@aws-sdk/*', '@smithy/*'] as const

export const lambdaAliases: Readonly<Record<string, string>> = {
  'whatwg-url': resolve(repoRoot, 'functions/runtime/whatwgUrlShim.ts'),
}

export const lambdaMainFields = ['module', 'main'] as const

/** NodejsFunction bundling for an entry whose `define`s are given (values: JavaScript source text). */
export function nodejsBundling(define: Record<string, string>): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: lambdaTarget,
    platform: 'node',
    mainFields: [...lambdaMainFields],
    banner: esmRequireBanner,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    // Given explicitly, so they REPLACE CDK's default externals: bundleAwsSDK no longer matters.
    externalModules: [...lambdaExternals],
    bundleAwsSDK: false,
    define,
    forceDockerBundling: false,
    esbuildArgs: {
      '--tree-shaking': 'true',
      '--alias': Object.entries(lambdaAliases).map(([from, to]) => `${from}=${to}`),
    },
  }
}

/** The same bundle through the esbuild JS API (tests, bench). `outfile` should end in `.mjs`. */
export function esbuildOptions(entry: string, define: Record<string, string>, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    outfile,
    format: 'esm',
    target: lambdaTarget,
    platform: 'node',
    mainFields: [...lambdaMainFields],
    banner: { js: esmRequireBanner },
    minify: true,
    treeShaking: true,
    sourcemap: true,
    sourcesContent: false,
    external: [...lambdaExternals],
    alias: { ...lambdaAliases },
    define,
    absWorkingDir: repoRoot,
    logLevel: 'error',
  }
}
