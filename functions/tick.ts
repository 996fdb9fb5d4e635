import { evaluateTransitions } from './alerts/evaluateTransitions.js'
import type { ChainAdapter } from './chains/ChainAdapter.js'
import { resolveThresholds } from './checks/defaultThresholds.js'
import { runChecks } from './checks/runChecks.js'
import type { Notifier } from './notify/Notifier.js'
import { type NotifyOutcome, notifyAll } from './notify/notifyAll.js'
import { describeError } from './rpc/describeError.js'
import type { CheckState, Store } from './store/Store.js'
import type { Observation, Status, StatusChange, Verdict } from './types.js'
import { worstStatus } from './types.js'

export interface TickDependencies {
  readonly adapters: readonly ChainAdapter[]
  readonly store: Store
  readonly notifiers: readonly Notifier[]
  /** Unix seconds. */
  readonly clock?: () => number
}

export interface TickResult {
  readonly at: number
  readonly results: readonly Verdict[]
  readonly changes: readonly StatusChange[]
  readonly deliveries: readonly NotifyOutcome[]
  readonly worst: Status
  readonly durationMs: number
}

export const systemClock = () => Math.floor(Date.now() / 1000)

/** Adapters never throw by contract; this keeps one buggy adapter from sinking the whole tick. */
async function observeSafely(adapter: ChainAdapter, now: number): Promise<Observation> {
  try {
    return await adapter.observe(now)
  } catch (error) {
    const failed = { ok: false as const, error: `adapter failed: ${describeError(error)}` }
    return { chain: adapter.chain.name, stack: adapter.chain.stack, l2: failed, ...(adapter.chain.stack === 'evm' ? {} : { stateRoots: failed }) }
  }
}

/**
 * One tick: read every chain in parallel → evaluate the pure checks → record status changes in the store
 * (conditional writes: of two concurrent ticks only one claims a change) → tell every channel → heartbeat.
 */
export async function runTick({ adapters, store, notifiers, clock = systemClock }: TickDependencies): Promise<TickResult> {
  const started = performance.now()
  const now = clock()

  const [observations, states] = await Promise.all([
    Promise.all(adapters.map((adapter) => observeSafely(adapter, now))),
    store.getCheckStates(),
  ])
  const results = observations.flatMap((observation, i) => {
    const chain = adapters[i]!.chain
    return runChecks(observation, resolveThresholds(chain.stack, chain.thresholds, observation.parameters), now)
  })

  const writes = evaluateTransitions(results, states, now)
  const claimed = await Promise.all(writes.map((write) => store.putCheckState(write.state, write.expectedVersion)))
  const changes: StatusChange[] = []
  const recorded: CheckState[] = []
  writes.forEach((write, i) => {
    if (!claimed[i] || !write.change) return
    changes.push(write.change)
    recorded.push(write.state)
  })

  const deliveries = await notifyAll(notifiers, changes)
  if (changes.length > 0 && deliveries.every((delivery) => delivery.ok))
    await Promise.all(
      recorded.map((state) => store.putCheckState({ ...state, lastNotifiedStatus: state.status, version: state.version + 1 }, state.version)),
    )

  const durationMs = Math.round(performance.now() - started)
  await store.putHeartbeat({ at: now, durationMs, results })
  return { at: now, results, changes, deliveries, worst: worstStatus(results.map((r) => r.status)), durationMs }
}
