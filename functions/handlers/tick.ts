import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics } from '@aws-lambda-powertools/metrics'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { acquireLease } from '../lease/acquireLease.js'
import { createRuntime, type Runtime } from '../runtime/createRuntime.js'
import { type BreakerAddress, createTickHandler } from '../runtime/createTickHandler.js'
import { loadSecretsIntoEnv } from '../runtime/loadSecretsIntoEnv.js'
import { readBundledConfig } from '../runtime/readBundledConfig.js'
import { describeRpcUrls, loadRpcUrlOverrides } from '../runtime/rpcUrlOverrides.js'
import { tickEnvNames } from '../runtime/tickEnvNames.js'
import { runTick } from '../tick.js'
import { metricsNamespace } from './metricNames.js'
import { readPollPlan } from './pollPlan.js'

// The tick Lambda's shell: Powertools logger and metrics, dependencies built once per container, and the poll
// loop from functions/runtime/createTickHandler.ts.
export { tickEnvNames }

const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'watchtower'
const defaultLogger = new Logger({ serviceName })
const defaultMetrics = new Metrics({ namespace: metricsNamespace, serviceName })

let dynamo: DynamoDBClient | undefined
const dynamoClient = () => (dynamo ??= new DynamoDBClient({ maxAttempts: 3 }))

function requireEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: deploy with the CDK stack`)
  return value
}

/** Built once per container: clients, adapter caches and secrets survive between invocations. */
async function init(): Promise<Runtime> {
  // The CDK stack bundles the config validated at synth (esbuild `define` of this exact expression).
  const bundled = readBundledConfig(process.env.WATCHTOWER_CONFIG_JSON)
  const tableName = requireEnv(tickEnvNames.table)
  const [secretProblems, rpc] = await Promise.all([
    loadSecretsIntoEnv(JSON.parse(process.env[tickEnvNames.secrets] ?? '{}') as Record<string, string>),
    loadRpcUrlOverrides(bundled, process.env[tickEnvNames.rpcUrlsSecret]),
  ])
  const config = rpc.value
  const built = await createRuntime({ config, store: { kind: 'table', tableName }, consoleWrite: false })
  for (const problem of [...secretProblems, ...rpc.problems, ...built.problems]) defaultLogger.warn(problem)
  for (const chain of config.chains) defaultLogger.info('chain', { chain: chain.name, stack: chain.stack, rpc: describeRpcUrls(chain) })
  return built
}

let runtime: Promise<Runtime> | undefined

async function breakerAddress(): Promise<BreakerAddress> {
  const keyId = requireEnv(tickEnvNames.breakerKey)
  // Loaded on demand: the KMS signer is not needed for ticks yet.
  const [{ KMSClient }, { toKmsAccount }] = await Promise.all([
    import('@aws-sdk/client-kms'),
    import('../breaker/kms/toKmsAccount.js'),
  ])
  const account = await toKmsAccount(new KMSClient({ maxAttempts: 3 }), { keyId })
  return { address: account.address, keyArn: account.keyArn }
}

export const handler = createTickHandler({
  plan: readPollPlan(),
  runtime: () =>
    (runtime ??= init().catch((error: unknown) => {
      runtime = undefined // retry the cold start on the next invocation
      throw error
    })),
  tick: (built, options) => runTick(built, options),
  lease: (owner, durationMs) =>
    acquireLease({ client: dynamoClient(), tableName: requireEnv(tickEnvNames.table), owner, durationMs }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
  logger: defaultLogger,
  metrics: defaultMetrics,
  breakerAddress,
})
