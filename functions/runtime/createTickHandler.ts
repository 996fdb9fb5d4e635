import { MetricUnit } from '@aws-lambda-powertools/metrics'
import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context } from 'aws-lambda'
import type { Lease, LeaseAttempt } from '../lease/acquireLease.js'
import type { Runtime } from './createRuntime.js'
import type { TickOptions, TickResult } from '../tick.js'
import { endRegularPolls, nextPollAt, startPollSchedule, takeDuePoll, withPlannedReads } from '../schedule/pollSchedule.js'
import { type Status, worstStatus } from '../types.js'
import { metricNames } from '../handlers/metricNames.js'
import { earlyReadCutoffMs, type PollPlan } from '../handlers/pollPlan.js'

/** `aws lambda invoke --payload '{"action":"breaker-address"}'`: the signer address, without running a tick. */
export interface BreakerAddressRequest {
  readonly action: 'breaker-address'
}

export interface BreakerAddress {
  readonly address: `0x${string}`
  readonly keyArn: string
}

export interface PollOutcome {
  readonly poll: number
  /** An early read of these chains (a deadline, a confirming read); absent: a regular poll of every chain. */
  readonly chains?: readonly string[]
  /** Why the poll did not tick. */
  readonly skipped?: 'lease-busy' | 'lease-error' | 'tick-error'
  readonly worst?: Status
  readonly changes?: number
  readonly durationMs?: number
}

export interface TickInvocationResult {
  readonly polls: readonly PollOutcome[]
  readonly ticks: number
  readonly worst: Status
  readonly changes: number
  /** Polls not started because too little of the invocation was left. */
  readonly stoppedEarly: boolean
}

type MetricUnitValue = (typeof MetricUnit)[keyof typeof MetricUnit]

/** The parts of Powertools Metrics the handler uses (structural, so tests can pass a recorder). */
export interface MetricsSink {
  addMetric(name: string, unit: MetricUnitValue, value: number): void
  publishStoredMetrics(): void
  singleMetric(): {
    addDimension(name: string, value: string): void
    addDimensions(dimensions: Record<string, string>): void
    addMetric(name: string, unit: MetricUnitValue, value: number): void
  }
}

/** The parts of Powertools Logger the handler uses. */
export type LogSink = Pick<Logger, 'info' | 'warn' | 'error'>

export interface TickHandlerDependencies {
  readonly plan: PollPlan
  /** The per-container runtime; called on every invocation, expected to cache. */
  readonly runtime: () => Promise<Runtime>
  readonly tick: (runtime: Runtime, options: TickOptions) => Promise<TickResult>
  readonly lease: (owner: string, durationMs: number) => Promise<LeaseAttempt>
  readonly sleep: (ms: number) => Promise<void>
  /** Epoch milliseconds. */
  readonly now: () => number
  readonly logger: LogSink
  readonly metrics: MetricsSink
  readonly breakerAddress: () => Promise<BreakerAddress>
}

type LambdaContext = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>

function isBreakerAddressRequest(event: unknown): event is BreakerAddressRequest {
  return typeof event === 'object' && event !== null && (event as { action?: unknown }).action === 'breaker-address'
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Metrics and logs of one tick: per chain×check value and status, per chain read failures, per tick totals. */
function record(result: TickResult, poll: number, { logger, metrics }: Pick<TickHandlerDependencies, 'logger' | 'metrics'>): void {
  const rpcErrorsByChain = new Map<string, number>()
  for (const verdict of result.results) {
    const single = metrics.singleMetric()
    single.addDimensions({ chain: verdict.chain, check: verdict.check })
    if (verdict.value !== null) single.addMetric(metricNames.value, MetricUnit.Seconds, verdict.value)
    single.addMetric(`${metricNames.statusPrefix}${verdict.status}`, MetricUnit.Count, 1)
    rpcErrorsByChain.set(verdict.chain, (rpcErrorsByChain.get(verdict.chain) ?? 0) + (verdict.status === 'unknown' ? 1 : 0))
    if (verdict.status !== 'ok')
      logger.warn('check not ok', {
        chain: verdict.chain,
        check: verdict.check,
        status: verdict.status,
        value: verdict.value,
        reason: verdict.reason,
        poll,
      })
  }
  for (const [chain, count] of rpcErrorsByChain) {
    const single = metrics.singleMetric()
    single.addDimension('chain', chain)
    single.addMetric(metricNames.rpcErrors, MetricUnit.Count, count)
  }
  for (const change of result.changes)
    logger.info('status change', {
      chain: change.verdict.chain,
      check: change.verdict.check,
      from: change.previous,
      to: change.verdict.status,
      ...(change.kind !== undefined ? { kind: change.kind } : {}),
      reason: change.verdict.reason,
    })
  const sent = result.deliveries.filter((delivery) => delivery.result === 'sent').length
  for (const delivery of result.deliveries)
    if (delivery.result !== 'sent')
      logger.error('alert delivery failed', {
        channel: delivery.channel,
        chain: delivery.chain,
        result: delivery.result,
        ...(delivery.error !== undefined ? { error: delivery.error } : {}),
      })

  metrics.addMetric(metricNames.tickDuration, MetricUnit.Milliseconds, result.durationMs)
  metrics.addMetric(metricNames.statusChanges, MetricUnit.Count, result.changes.length)
  metrics.addMetric(metricNames.alertsSent, MetricUnit.Count, sent)
  metrics.addMetric(metricNames.alertsFailed, MetricUnit.Count, result.deliveries.length - sent)
  metrics.addMetric(metricNames.heartbeat, MetricUnit.Count, 1)
  metrics.publishStoredMetrics()
  logger.info('tick', { poll, worst: result.worst, changes: result.changes.length, durationMs: result.durationMs })
}

/**
 * The tick Lambda: up to `plan.polls` regular polls of every chain per invocation, `plan.intervalMs` apart from
 * its start, and in between the early reads of single chains the ticks asked for (a check's deadline, a
 * confirming read; functions/schedule/) while they start inside the invocation's window (polls × interval, less
 * `earlyReadCutoffMs`: later, the next invocation reads every chain anyway). Each poll starts only while at
 * least `plan.reserveMs` of the invocation is left. A DynamoDB lease (conditional write) keeps two overlapping
 * invocations from ticking at once: a poll that finds the lease held elsewhere is skipped, and a later poll of
 * the same invocation tries again. A failing poll does not stop the next one; the invocation fails (Lambda
 * `Errors`) if any poll failed.
 */
export function createTickHandler(deps: TickHandlerDependencies) {
  const { plan, logger, metrics } = deps
  return async (event: unknown, context: LambdaContext): Promise<TickInvocationResult | BreakerAddress> => {
    if (isBreakerAddressRequest(event)) return deps.breakerAddress()

    const runtime = await deps.runtime()
    const started = deps.now()
    const earlyReadsUntil = started + plan.polls * plan.intervalMs - earlyReadCutoffMs
    const polls: PollOutcome[] = []
    const failures: string[] = []
    let lease: Lease | undefined
    let stoppedEarly = false
    let schedule = startPollSchedule(started, plan.intervalMs)
    let regularPolls = 0
    try {
      for (;;) {
        const at = nextPollAt(schedule)
        // Nothing left, or only early reads past the window (the next invocation reads every chain at its start).
        if (at === Number.POSITIVE_INFINITY || (at !== schedule.regularAt && at > earlyReadsUntil)) break
        const wait = at - deps.now()
        if (wait > 0) await deps.sleep(wait)
        const remainingMs = context.getRemainingTimeInMillis()
        const poll = polls.length
        if (remainingMs < plan.reserveMs) {
          stoppedEarly = true
          logger.warn('too little time left for another poll', { poll, remainingMs, reserveMs: plan.reserveMs })
          break
        }
        const taken = takeDuePoll(schedule, deps.now())
        schedule = taken.schedule
        if (taken.poll.regular && ++regularPolls >= plan.polls) schedule = endRegularPolls(schedule)
        const chains = taken.poll.regular ? undefined : taken.poll.chains
        if (chains?.length === 0) continue
        const which = chains ? { chains } : {}
        if (!lease) {
          let attempt: LeaseAttempt
          try {
            attempt = await deps.lease(context.awsRequestId, remainingMs)
          } catch (error) {
            failures.push(`poll ${poll}: lease: ${errorMessage(error)}`)
            logger.error('cannot take the tick lease', { poll, error: errorMessage(error) })
            metrics.addMetric(metricNames.tickErrors, MetricUnit.Count, 1)
            metrics.publishStoredMetrics()
            polls.push({ poll, ...which, skipped: 'lease-error' })
            continue
          }
          if (!attempt.acquired) {
            logger.warn('another invocation holds the tick lease; skipping this poll', {
              poll,
              ...(attempt.holder !== undefined ? { holder: attempt.holder } : {}),
              ...(attempt.expiresAt !== undefined ? { heldUntil: new Date(attempt.expiresAt).toISOString() } : {}),
            })
            metrics.addMetric(metricNames.leaseBusy, MetricUnit.Count, 1)
            metrics.publishStoredMetrics()
            polls.push({ poll, ...which, skipped: 'lease-busy' })
            continue
          }
          lease = attempt.lease
        }
        try {
          const result = await deps.tick(runtime, which)
          record(result, poll, deps)
          polls.push({ poll, ...which, worst: result.worst, changes: result.changes.length, durationMs: result.durationMs })
          schedule = withPlannedReads(schedule, chains, result.reads)
        } catch (error) {
          failures.push(`poll ${poll}: ${errorMessage(error)}`)
          logger.error('tick failed', { poll, error: error instanceof Error ? error : String(error) })
          metrics.addMetric(metricNames.tickErrors, MetricUnit.Count, 1)
          metrics.publishStoredMetrics()
          polls.push({ poll, ...which, skipped: 'tick-error' })
        }
      }
    } finally {
      if (lease)
        await lease.release().then(
          (released) => {
            if (!released) logger.warn('the tick lease had been taken over before release')
          },
          (error: unknown) => logger.warn('cannot release the tick lease; it expires by itself', { error: errorMessage(error) }),
        )
    }
    if (failures.length > 0) throw new Error(`${failures.length} of ${polls.length} poll(s) failed: ${failures.join('; ')}`)
    const ticked = polls.filter((outcome) => outcome.worst !== undefined)
    return {
      polls,
      ticks: ticked.length,
      worst: worstStatus(ticked.map((outcome) => outcome.worst as Status)),
      changes: ticked.reduce((sum, outcome) => sum + (outcome.changes ?? 0), 0),
      stoppedEarly,
    }
  }
}

