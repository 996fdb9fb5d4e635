// The tick Lambda's shell: polls per invocation, spacing, the time reserve, the lease, metrics, failures.
import { describe, expect, it } from 'vitest'
import {
  createTickHandler,
  type MetricsSink,
  type TickHandlerDependencies,
  type TickInvocationResult,
} from '../../functions/runtime/createTickHandler.js'
import { readPollPlan, functionTimeoutSeconds, pollSettingsProblems } from '../../functions/handlers/pollPlan.js'
import type { LeaseAttempt } from '../../functions/lease/acquireLease.js'
import type { Runtime } from '../../functions/runtime/createRuntime.js'
import type { TickResult } from '../../functions/tick.js'
import type { Verdict } from '../../functions/types.js'

interface Emitted {
  readonly name: string
  readonly value: number
  readonly dimensions: Record<string, string>
}

function recorder() {
  const emitted: Emitted[] = []
  let stored: Emitted[] = []
  const metrics: MetricsSink = {
    addMetric: (name, _unit, value) => void stored.push({ name, value, dimensions: {} }),
    publishStoredMetrics: () => {
      emitted.push(...stored)
      stored = []
    },
    singleMetric: () => {
      const dimensions: Record<string, string> = {}
      return {
        addDimension: (name, value) => void (dimensions[name] = value),
        addDimensions: (more) => void Object.assign(dimensions, more),
        addMetric: (name, _unit, value) => void emitted.push({ name, value, dimensions: { ...dimensions } }),
      }
    },
  }
  const logs: { level: string; message: string; extra: unknown[] }[] = []
  const log = (level: string) => (message: unknown, ...extra: unknown[]) => void logs.push({ level, message: String(message), extra })
  return { metrics, emitted, logs, logger: { info: log('info'), warn: log('warn'), error: log('error') } }
}

const verdicts: Verdict[] = [
  { chain: 'base', check: 'liveness', status: 'ok', value: 2, unit: 's', reason: 'fresh', threshold: { warn: 30, crit: 120 } },
  { chain: 'base', check: 'sequencer-lag', status: 'unknown', value: null, unit: 's', reason: 'rpc down', threshold: { warn: 900, crit: 3600 } },
]

function tickResult(durationMs: number): TickResult {
  return { at: 0, results: verdicts, changes: [], deliveries: [], worst: 'unknown', durationMs, reads: [] }
}

interface Harness {
  readonly handler: ReturnType<typeof createTickHandler>
  readonly ticksAt: number[]
  /** Per tick, the chains it was restricted to (undefined: every chain). */
  readonly tickChains: (readonly string[] | undefined)[]
  readonly leaseCalls: { owner: string; durationMs: number }[]
  readonly released: string[]
  readonly emitted: Emitted[]
  readonly logs: { level: string; message: string }[]
  readonly context: { awsRequestId: string; getRemainingTimeInMillis(): number }
  clock(): number
}

function harness(options: {
  polls?: number
  intervalMs?: number
  reserveMs?: number
  timeoutMs?: number
  tickMs?: number
  lease?: (call: number) => LeaseAttempt | Error | undefined
  tick?: (call: number) => TickResult | Error
}): Harness {
  let now = 1_000_000
  const start = now
  const timeoutMs = options.timeoutMs ?? 75_000
  const ticksAt: number[] = []
  const tickChains: (readonly string[] | undefined)[] = []
  const leaseCalls: { owner: string; durationMs: number }[] = []
  const released: string[] = []
  const { metrics, emitted, logs, logger } = recorder()
  let leases = 0
  let ticks = 0
  const deps: TickHandlerDependencies = {
    plan: { polls: options.polls ?? 4, intervalMs: options.intervalMs ?? 15_000, reserveMs: options.reserveMs ?? 20_000 },
    runtime: async () => ({}) as Runtime,
    tick: async (_runtime, tickOptions) => {
      ticksAt.push(now - start)
      tickChains.push(tickOptions.chains)
      const outcome = options.tick?.(ticks++) ?? tickResult(options.tickMs ?? 1_000)
      now += options.tickMs ?? 1_000
      if (outcome instanceof Error) throw outcome
      return outcome
    },
    lease: async (owner, durationMs) => {
      leaseCalls.push({ owner, durationMs })
      const outcome = options.lease?.(leases++) ?? { acquired: true, lease: { owner, expiresAt: now + durationMs, release: async () => (released.push(owner), true) } }
      if (outcome instanceof Error) throw outcome
      return outcome
    },
    sleep: async (ms) => void (now += ms),
    now: () => now,
    logger: logger as unknown as TickHandlerDependencies['logger'],
    metrics,
    breakerAddress: async () => ({ address: '0x00000000000000000000000000000000000000aa', keyArn: 'arn:aws:kms:eu-west-1:1:key/k' }),
  }
  return {
    handler: createTickHandler(deps),
    ticksAt,
    tickChains,
    leaseCalls,
    released,
    emitted,
    logs,
    context: { awsRequestId: 'req-1', getRemainingTimeInMillis: () => start + timeoutMs - now },
    clock: () => now - start,
  }
}

describe('tick handler', () => {
  it('between the regular polls, reads a single chain early where a tick asked (deadline, confirm); none past the invocation window', async () => {
    const read = (at: number, reason: 'deadline' | 'confirm' = 'deadline') => ({ chain: 'base', at, reason, check: 'liveness' as const })
    const h = harness({
      tick: (call) => ({
        ...tickResult(1_000),
        // 1000 s is the invocation's start: polls 0 and 1 ask for +20 s (each tick's reads replace the last's), that
        // read for a confirm 3 s later, the last regular poll for +57 s (past the 55 s window: left to the next invocation).
        reads: call <= 1 ? [read(1020)] : call === 2 ? [read(1023, 'confirm')] : call === 5 ? [read(1057)] : [],
      }),
    })
    const result = (await h.handler({}, h.context)) as TickInvocationResult
    expect(h.ticksAt).toEqual([0, 15_000, 20_000, 23_000, 30_000, 45_000])
    expect(h.tickChains).toEqual([undefined, undefined, ['base'], ['base'], undefined, undefined])
    expect(result.polls.map((p) => p.chains)).toEqual([undefined, undefined, ['base'], ['base'], undefined, undefined])
    expect(result.stoppedEarly).toBe(false)
  })

  it('runs 4 polls 15 s apart within one invocation, under one lease, and releases it', async () => {
    const h = harness({})
    const result = (await h.handler({ source: 'watchtower.schedule' }, h.context)) as TickInvocationResult
    expect(h.ticksAt).toEqual([0, 15_000, 30_000, 45_000])
    expect(result).toMatchObject({ ticks: 4, worst: 'unknown', changes: 0, stoppedEarly: false })
    expect(h.leaseCalls).toEqual([{ owner: 'req-1', durationMs: 75_000 }])
    expect(h.released).toEqual(['req-1'])
    // Per poll: a heartbeat, the tick duration; per chain×check value and status; per chain RPC errors.
    expect(h.emitted.filter((m) => m.name === 'heartbeat')).toHaveLength(4)
    expect(h.emitted.filter((m) => m.name === 'tickDuration').map((m) => m.value)).toEqual([1000, 1000, 1000, 1000])
    expect(h.emitted).toContainEqual({ name: 'value', value: 2, dimensions: { chain: 'base', check: 'liveness' } })
    expect(h.emitted).toContainEqual({ name: 'status_unknown', value: 1, dimensions: { chain: 'base', check: 'sequencer-lag' } })
    expect(h.emitted).toContainEqual({ name: 'rpcErrors', value: 1, dimensions: { chain: 'base' } })
    expect(h.emitted.some((m) => m.name === 'value' && m.dimensions.check === 'sequencer-lag')).toBe(false)
    expect(h.logs.some((l) => l.level === 'warn' && l.message === 'check not ok')).toBe(true)
  })

  it('keeps the cadence when ticks are slow, and stops before the time reserve runs out', async () => {
    const h = harness({ tickMs: 14_000, timeoutMs: 60_000 })
    const result = (await h.handler({}, h.context)) as TickInvocationResult
    // Poll 3 would start at 45 s with 15 s left, under the 20 s reserve.
    expect(h.ticksAt).toEqual([0, 15_000, 30_000])
    expect(result.stoppedEarly).toBe(true)
    expect(h.logs.some((l) => l.message === 'too little time left for another poll')).toBe(true)
    expect(h.released).toEqual(['req-1'])
  })

  it('skips polls while another invocation holds the lease and ticks once it is free', async () => {
    const h = harness({ lease: (call) => (call < 2 ? { acquired: false, holder: 'req-0', expiresAt: 1_020_000 } : undefined) })
    const result = (await h.handler({}, h.context)) as TickInvocationResult
    expect(h.ticksAt).toEqual([30_000, 45_000])
    expect(result.polls.map((p) => p.skipped ?? 'ticked')).toEqual(['lease-busy', 'lease-busy', 'ticked', 'ticked'])
    expect(h.leaseCalls).toHaveLength(3)
    expect(h.emitted.filter((m) => m.name === 'leaseBusy')).toHaveLength(2)
    expect(h.emitted.filter((m) => m.name === 'heartbeat')).toHaveLength(2)
  })

  it('never ticks without the lease', async () => {
    const h = harness({ lease: () => ({ acquired: false }) })
    const result = (await h.handler({}, h.context)) as TickInvocationResult
    expect(h.ticksAt).toEqual([])
    expect(result.ticks).toBe(0)
    expect(h.released).toEqual([])
    expect(h.emitted.some((m) => m.name === 'heartbeat')).toBe(false)
  })

  it('runs the remaining polls after a failure, then fails the invocation (Lambda Errors) and still releases', async () => {
    const h = harness({ tick: (call) => (call === 1 ? new Error('DynamoDB throttled') : tickResult(1_000)) })
    await expect(h.handler({}, h.context)).rejects.toThrow('1 of 4 poll(s) failed: poll 1: DynamoDB throttled')
    expect(h.ticksAt).toHaveLength(4)
    expect(h.released).toEqual(['req-1'])
    expect(h.emitted.filter((m) => m.name === 'tickErrors')).toHaveLength(1)
    expect(h.emitted.filter((m) => m.name === 'heartbeat')).toHaveLength(3)
  })

  it('treats a lease error as a failed poll, not as permission to tick', async () => {
    const h = harness({ lease: (call) => (call === 0 ? new Error('AccessDenied') : undefined) })
    await expect(h.handler({}, h.context)).rejects.toThrow('poll 0: lease: AccessDenied')
    expect(h.ticksAt).toEqual([15_000, 30_000, 45_000])
  })

  it('answers a breaker-address request without ticking', async () => {
    const h = harness({})
    expect(await h.handler({ action: 'breaker-address' }, h.context)).toEqual({
      address: '0x00000000000000000000000000000000000000aa',
      keyArn: 'arn:aws:kms:eu-west-1:1:key/k',
    })
    expect(h.ticksAt).toEqual([])
    expect(h.leaseCalls).toEqual([])
  })
})

describe('poll plan', () => {
  it('reads the env the stack sets, falling back to 4 × 15 s', () => {
    expect(readPollPlan({})).toEqual({ polls: 4, intervalMs: 15_000, reserveMs: 20_000 })
    expect(readPollPlan({ WATCHTOWER_POLLS_PER_INVOCATION: '6', WATCHTOWER_POLL_INTERVAL_SECONDS: '10' })).toMatchObject({
      polls: 6,
      intervalMs: 10_000,
    })
    expect(readPollPlan({ WATCHTOWER_POLLS_PER_INVOCATION: 'x', WATCHTOWER_POLL_INTERVAL_SECONDS: '1' })).toMatchObject({
      polls: 4,
      intervalMs: 15_000,
    })
  })

  it('sizes the timeout to the last poll plus the reserve, and validates the settings', () => {
    expect(functionTimeoutSeconds({ pollsPerInvocation: 4, pollIntervalSeconds: 15 })).toBe(75)
    expect(functionTimeoutSeconds({ pollsPerInvocation: 1, pollIntervalSeconds: 15 })).toBe(30)
    expect(pollSettingsProblems({ pollsPerInvocation: 4, pollIntervalSeconds: 15 }, 60)).toEqual([])
    expect(pollSettingsProblems({ pollsPerInvocation: 5, pollIntervalSeconds: 15 }, 60)[0]).toMatch(/must not exceed the schedule rate/)
    expect(pollSettingsProblems({ pollsPerInvocation: 0, pollIntervalSeconds: 2 }, 60)).toHaveLength(2)
  })
})
