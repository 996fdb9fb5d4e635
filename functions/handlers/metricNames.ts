/**
 * CloudWatch metric names the handlers emit (EMF through Powertools Metrics) and the CDK stack alarms on and
 * graphs. Every metric also carries the `service` dimension (POWERTOOLS_SERVICE_NAME, one per stage).
 */
export const metricsNamespace = 'L2Watchtower'

export const metricNames = {
  /** Per chain×check (dimensions chain, check): the measured value in seconds (head age, lag, state-root age). */
  value: 'value',
  /** Per chain×check: 1 for the status of this poll, e.g. `status_crit`. */
  statusPrefix: 'status_',
  /** Per poll: wall time of one tick, ms. */
  tickDuration: 'tickDuration',
  /** Per poll: 1. The dead-man's switch alarms when it stops arriving. */
  heartbeat: 'heartbeat',
  /** Per poll: status changes recorded. */
  statusChanges: 'statusChanges',
  /** Per chain (dimension chain): checks that could not read their data this poll (RPC failure or timeout). */
  rpcErrors: 'rpcErrors',
  /** Per poll: channels an alert went out on / failed on. */
  alertsSent: 'alertsSent',
  alertsFailed: 'alertsFailed',
  /** Per poll that threw. */
  tickErrors: 'tickErrors',
  /** Per poll skipped because another invocation held the tick lease. */
  leaseBusy: 'leaseBusy',
} as const

export const dimensionNames = { service: 'service', chain: 'chain', check: 'check' } as const

/** The check whose `value` each dashboard graph shows. */
export const graphedChecks = {
  headAge: 'liveness',
  lag: 'sequencer-lag',
  stateRootAge: 'state-root-finality',
} as const
