import { resolve } from 'node:path'
import type { KMSClient } from '@aws-sdk/client-kms'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { formatGwei } from 'viem'
import { type Breaker, type BreakerStatus, createBreaker } from '../functions/breaker/createBreaker.js'
import { loadBreakerHostConfig } from '../functions/breaker/loadBreakerConfig.js'
import type { ReadinessReport, RouteResult } from '../functions/breaker/types.js'
import { ConfigError } from '../functions/config/ConfigError.js'
import { formatDuration } from '../functions/notify/formatDuration.js'
import { openEmbeddedTable } from '../functions/store/openEmbeddedTable.js'
import { createOutbox } from '../functions/alerts/createOutbox.js'
import { buildChannels } from '../functions/notify/buildChannels.js'
import { createDynamoStore } from '../functions/store/createDynamoStore.js'
import { breakerUsage } from './breakerUsage.js'

export { breakerUsage }

export interface BreakerCommandOptions {
  readonly configPath: string
  /** Embedded DynamoDB state dir (as `watchtower run` uses). */
  readonly stateDir: string
  /** A real table instead (AWS, or any DynamoDB endpoint). */
  readonly table?: { readonly tableName: string; readonly endpoint?: string }
  readonly env?: Record<string, string | undefined>
  readonly clock?: () => number
  readonly kmsClient?: KMSClient
  /** stdout / stderr line writers (default console.log / console.error). */
  readonly out?: (line: string) => void
  readonly err?: (line: string) => void
}

/** `watchtower breaker status|test ACTION|resume ACTION|address`; resolves with the exit code. */
export async function runBreakerCommand(args: string[], options: BreakerCommandOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line))
  const err = options.err ?? ((line: string) => console.error(line))
  const json = args.includes('--json')
  const positional = args.filter((arg) => !arg.startsWith('--'))
  const [command, actionName] = positional
  if (!command || command === 'help' || args.includes('--help') || args.includes('-h')) {
    out(breakerUsage)
    return command ? 0 : 64
  }
  if (!['status', 'test', 'resume', 'address'].includes(command)) {
    err(`unknown breaker command "${command}"\n\n${breakerUsage}`)
    return 64
  }
  if ((command === 'test' || command === 'resume') && !actionName) {
    err(`watchtower breaker ${command} needs an ACTION name`)
    return 64
  }

  let config
  try {
    config = loadBreakerHostConfig(options.configPath)
  } catch (error) {
    err(error instanceof ConfigError ? error.message : String(error))
    return 3
  }
  if (!config.breaker) {
    err(`${options.configPath} has no breaker section`)
    return 1
  }
  const names = config.breaker.actions.map((a) => a.name)
  if (actionName && !names.includes(actionName)) {
    err(`no breaker action is named "${actionName}" (configured: ${names.join(', ') || 'none'})`)
    return 64
  }

  const env = options.env ?? process.env
  const { breaker, close } = await openBreaker(config, options, env, out, err)
  try {
    switch (command) {
      case 'address': {
        const address = await breaker.signerAddress()
        if (!address) {
          err('no signer configured (breaker.signer)')
          return 1
        }
        out(address)
        return 0
      }
      case 'status': {
        const status = await breaker.status()
        out(json ? JSON.stringify(status) : formatStatus(status, (options.clock ?? systemClock)()))
        return 0
      }
      case 'test': {
        const [report] = await breaker.checkReadiness(actionName)
        out(json ? JSON.stringify(report) : formatReadiness(report!))
        return report?.ready ? 0 : 1
      }
      case 'resume': {
        const result = await breaker.resume(actionName!)
        if (!result.ok) {
          err(`resume refused: ${result.refused}`)
          return 1
        }
        out(`${actionName}: ${result.outcome}${result.error ? ` (${result.error})` : ''}`)
        for (const line of formatRoutes(result.routes)) out(`  ${line}`)
        return result.outcome === 'failed' ? 1 : 0
      }
    }
    return 64
  } finally {
    await close()
  }
}

const systemClock = () => Math.floor(Date.now() / 1000)

async function openBreaker(
  config: ReturnType<typeof loadBreakerHostConfig>,
  options: BreakerCommandOptions,
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<{ breaker: Breaker; close: () => Promise<void> }> {
  let client: DynamoDBClient
  let tableName: string
  let stop = async () => {}
  if (options.table) {
    tableName = options.table.tableName
    client = new DynamoDBClient(
      options.table.endpoint
        ? { endpoint: options.table.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 }
        : { maxAttempts: 3 },
    )
  } else {
    // Same embedded store and table as `watchtower run`.
    const embedded = await openEmbeddedTable({ stateDir: resolve(options.stateDir) })
    ;({ client, tableName } = embedded)
    stop = embedded.close
  }
  // Announcements (resume, recorded readiness) go through the outbox like a tick's, delivered before exit.
  const { routes, problems } = buildChannels(config.notify ?? {}, env, { console: false })
  for (const problem of problems) err(`! ${problem}`)
  const outbox = createOutbox(createDynamoStore({ tableName, client }), routes)
  const breaker = createBreaker({
    config,
    tableName,
    dynamo: DynamoDBDocumentClient.from(client),
    env,
    outbox,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.kmsClient ? { kmsClient: options.kmsClient } : {}),
    log: (line) => out(line),
  })
  const clock = options.clock ?? systemClock
  return {
    breaker,
    close: async () => {
      if (outbox.queued > 0)
        for (const delivery of await outbox.deliver(clock()))
          if (delivery.result !== 'sent') err(`! ${delivery.channel}: announcement ${delivery.result}${delivery.error ? `: ${delivery.error}` : ''} (a running watcher retries it)`)
      client.destroy()
      await stop()
    },
  }
}

function utc(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
}

function formatRoutes(routes: readonly RouteResult[]): string[] {
  return routes.map((route) => {
    const last = route.transactions.at(-1)
    const hash = route.minedHash ?? last?.hash
    const fees = last ? ` maxFee ${formatGwei(BigInt(last.maxFeePerGas))} gwei, tip ${formatGwei(BigInt(last.maxPriorityFeePerGas))} gwei` : ''
    const parts = [
      `${route.route} (${route.chain}${route.chainId !== undefined ? `, chain ${route.chainId}` : ''}): ${route.status}`,
      hash ? `tx ${hash}` : '',
      route.nonce !== undefined ? `nonce ${route.nonce}` : '',
      route.blockNumber ? `block ${route.blockNumber}` : '',
      fees,
      route.transactions.length > 1 ? `${route.transactions.length - 1} replacement(s)` : '',
      route.l2TransactionHash ? `L2 tx ${route.l2TransactionHash}` : '',
      route.error ? `error: ${route.error}` : '',
    ]
    return parts.filter(Boolean).join(', ')
  })
}

export function formatReadiness(report: ReadinessReport): string {
  const lines = [`${report.action}: ${report.ready ? 'READY' : 'NOT READY'}${report.signer ? ` (signer ${report.signer})` : ''}`]
  for (const problem of report.problems) lines.push(`  ✗ ${problem.what}: ${problem.message}`)
  for (const note of report.notes) lines.push(`  · ${note}`)
  return lines.join('\n')
}

export function formatStatus(status: BreakerStatus, now: number): string {
  const lines = [`breaker mode: ${status.mode}${status.signer ? `, signer: ${status.signer}` : ''}`]
  if (status.actions.length === 0) lines.push('no actions configured')
  for (const action of status.actions) {
    const evidence = [action.for !== undefined ? `×${action.for}` : '', action.forSeconds !== undefined ? `for ${action.forSeconds} s` : ''].filter(Boolean).join(' ') || '×3'
    lines.push(
      '',
      `${action.name}: ${action.chain} ${action.checks.join(', ')} ≥ ${action.severity} ${evidence} → ${action.target.function} on ${action.target.address} (${action.target.chain}), route ${action.route}, grace ${formatDuration(action.grace)}`,
    )
    const incident = action.incident
    let phase = `  phase: ${action.phase}`
    if (incident) {
      phase += `; incident ${incident.id} opened ${utc(incident.openedAt)} (${incident.mode}): ${incident.outcome}, ${incident.attempts} attempt(s)`
      if (incident.lastError) phase += `, last error: ${incident.lastError}`
      if (incident.resolvedAt !== undefined) {
        const safeAt = incident.resolvedAt + action.grace
        phase += `; risk over since ${utc(incident.resolvedAt)}, ${now >= safeAt ? 'grace period over' : `resume safe from ${utc(safeAt)}`}`
      }
    }
    lines.push(phase)
    if (incident) for (const line of formatRoutes(incident.routes)) lines.push(`    ${line}`)
    if (incident?.resume) lines.push(`    resume ${utc(incident.resume.at)}: ${incident.resume.outcome}${incident.resume.error ? ` (${incident.resume.error})` : ''}`)
    const streaks = Object.entries(action.streaks)
    if (streaks.length) lines.push(`  evidence: ${streaks.map(([check, s]) => `${check} ${s!.status} ×${s!.count} since ${utc(s!.since)}`).join('; ')}`)
    const readiness = action.readiness
    lines.push(
      readiness
        ? `  readiness (${utc(readiness.checkedAt)}): ${readiness.ready ? 'ready' : `NOT READY: ${readiness.problems.map((p) => `${p.what}: ${p.message}`).join('; ')}`}`
        : '  readiness: not checked yet (armed mode checks every few ticks; `watchtower breaker test ACTION` now)',
    )
    if (action.log.length) {
      lines.push('  recent:')
      for (const entry of action.log) lines.push(`    ${utc(entry.at)} ${entry.kind}: ${entry.text}${entry.hashes?.length ? ` [${entry.hashes.join(', ')}]` : ''}`)
    }
  }
  return lines.join('\n')
}
