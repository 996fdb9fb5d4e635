import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { validateConfig } from '../config/parseConfig.js'
import { createRuntime, type Runtime } from '../runtime/createRuntime.js'
import { loadSecretsIntoEnv } from '../runtime/loadSecretsIntoEnv.js'
import { runTick } from '../tick.js'

const logger = new Logger({ serviceName: 'watchtower' })
const metrics = new Metrics({ namespace: 'L2Watchtower', serviceName: 'watchtower' })

/** Built once per container: clients, adapter caches and secrets survive between invocations. */
let runtime: Promise<Runtime> | undefined

async function init(): Promise<Runtime> {
  // The CDK stack bundles the config validated at synth (esbuild `define`); tests may set the variable.
  const raw = process.env.WATCHTOWER_CONFIG_JSON
  if (!raw) throw new Error('WATCHTOWER_CONFIG_JSON is missing: deploy with the CDK stack, which bundles the config')
  const config = validateConfig(JSON.parse(raw), 'bundled config')
  const tableName = process.env.WATCHTOWER_TABLE
  if (!tableName) throw new Error('WATCHTOWER_TABLE is not set')
  const secretProblems = await loadSecretsIntoEnv(JSON.parse(process.env.WATCHTOWER_SECRETS ?? '{}') as Record<string, string>)
  const built = await createRuntime({
    config,
    store: { kind: 'table', tableName },
    consoleWrite: (line) => logger.info('status change', { change: line }),
  })
  for (const problem of [...secretProblems, ...built.problems]) logger.warn(problem)
  return built
}

export const handler = async (): Promise<{ worst: string; changes: number }> => {
  runtime ??= init().catch((error: unknown) => {
    runtime = undefined // retry the cold start on the next invocation
    throw error
  })
  const result = await runTick(await runtime)

  for (const verdict of result.results) {
    const dims = metrics.singleMetric()
    dims.addDimensions({ chain: verdict.chain, check: verdict.check })
    if (verdict.value !== null) dims.addMetric('value', MetricUnit.Seconds, verdict.value)
    dims.addMetric(`status_${verdict.status}`, MetricUnit.Count, 1)
  }
  metrics.addMetric('tickDuration', MetricUnit.Milliseconds, result.durationMs)
  metrics.addMetric('statusChanges', MetricUnit.Count, result.changes.length)
  metrics.addMetric('heartbeat', MetricUnit.Count, 1)
  metrics.publishStoredMetrics()

  for (const delivery of result.deliveries) if (delivery.result !== 'sent') logger.error('alert delivery failed', { channel: delivery.channel, error: delivery.error })
  logger.info('tick', { worst: result.worst, changes: result.changes.length, durationMs: result.durationMs })
  return { worst: result.worst, changes: result.changes.length }
}
