import type { WatchtowerConfig } from '../config/schema.js'

/**
 * The config the CDK stack bundled into the function (esbuild `define`), already validated by the schema at
 * synth: bad config fails `cdk synth`, so the Lambda does not carry the validator (zod is ~440 KB of bundle).
 * Only the shape is checked here, to fail with a plain message if the function was built some other way.
 */
export function readBundledConfig(raw: string | undefined, variable = 'WATCHTOWER_CONFIG_JSON'): WatchtowerConfig {
  if (!raw) throw new Error(`${variable} is missing: deploy with the CDK stack, which bundles the validated config`)
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (error) {
    throw new Error(`${variable} is not valid JSON: ${(error as Error).message}`)
  }
  const config = value as Partial<WatchtowerConfig> | null
  if (!config || typeof config !== 'object' || !Array.isArray(config.chains) || config.chains.length === 0)
    throw new Error(`${variable} holds no chains: deploy with the CDK stack, which bundles the validated config`)
  return { ...config, chains: config.chains, notify: config.notify ?? {} } as WatchtowerConfig
}
