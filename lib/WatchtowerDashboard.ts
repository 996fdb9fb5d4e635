import { Duration } from 'aws-cdk-lib'
import {
  AlarmStatusWidget,
  Color,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IAlarm,
  type IMetric,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { Construct } from 'constructs'
import { resolveThresholds } from '../functions/checks/defaultThresholds.js'
import type { ChainConfig } from '../functions/config/schema.js'
import { graphedChecks, metricNames, metricsNamespace } from '../functions/handlers/metricNames.js'

export interface WatchtowerDashboardProps {
  readonly dashboardName?: string
  readonly chains: readonly ChainConfig[]
  /** The `service` dimension every metric of this stage carries. */
  readonly serviceName: string
  readonly tickFunction: IFunction
  readonly tickTimeout: Duration
  readonly alarms: readonly IAlarm[]
}

interface ChainGraph {
  readonly title: string
  readonly check: string
  readonly threshold: { readonly warn: number; readonly crit: number }
}

const period = Duration.minutes(1)

/** The graphs of one chain: head age everywhere; lag and state-root age where the chain settles on L1. */
export function chainGraphs(chain: ChainConfig): ChainGraph[] {
  // Only the 2-argument form: thresholds derived from chain parameters at run time are not known at synth.
  const thresholds = resolveThresholds(chain.stack, chain.thresholds)
  const graphs: ChainGraph[] = [{ title: 'head age', check: graphedChecks.headAge, threshold: thresholds.liveness }]
  if (chain.stack !== 'evm')
    graphs.push(
      { title: 'sequencer lag', check: graphedChecks.lag, threshold: thresholds.sequencerLag },
      { title: 'state-root age', check: graphedChecks.stateRootAge, threshold: thresholds.stateRootFinality },
    )
  return graphs
}

function thresholdLines({ warn, crit }: { warn: number; crit: number }): HorizontalAnnotation[] {
  return [
    { value: warn, label: `warn ${formatSeconds(warn)}`, color: Color.ORANGE },
    { value: crit, label: `crit ${formatSeconds(crit)}`, color: Color.RED },
  ]
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}

/**
 * One row per chain (head age, lag, state-root age over time, each with its warn/crit thresholds drawn), then
 * the watcher's own health: alarm states, heartbeats, tick duration against the timeout, Lambda errors and
 * throttles, alerts sent and failed, RPC read failures per chain.
 */
export class WatchtowerDashboard extends Construct {
  readonly dashboard: Dashboard

  constructor(scope: Construct, id: string, props: WatchtowerDashboardProps) {
    super(scope, id)
    const { serviceName } = props
    const metric = (metricName: string, statistic: string, dimensions: Record<string, string> = {}, label?: string): IMetric =>
      new Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: serviceName, ...dimensions },
        statistic,
        period,
        ...(label !== undefined ? { label } : {}),
      })

    this.dashboard = new Dashboard(this, 'Resource', {
      ...(props.dashboardName !== undefined ? { dashboardName: props.dashboardName } : {}),
      defaultInterval: Duration.hours(6),
    })

    this.dashboard.addWidgets(
      new TextWidget({
        markdown: [
          `# L2 Watchtower (${serviceName})`,
          'Per chain: **head age** (seconds since the newest L2 block), **sequencer lag** (how far the L1-safe head trails) and',
          '**state-root age** (time since the newest state root was posted on L1), maxima per minute. Orange line: warn; red line: crit',
          '(configured or stack defaults; thresholds derived from chain parameters at run time may differ).',
        ].join(' '),
        width: 24,
        height: 2,
      }),
    )

    for (const chain of props.chains) {
      const graphs = chainGraphs(chain)
      const width = Math.floor(24 / graphs.length)
      this.dashboard.addWidgets(
        ...graphs.map(
          (graph) =>
            new GraphWidget({
              title: `${chain.name}: ${graph.title}`,
              left: [metric(metricNames.value, 'Maximum', { chain: chain.name, check: graph.check }, graph.title)],
              leftAnnotations: thresholdLines(graph.threshold),
              leftYAxis: { min: 0, label: 'seconds', showUnits: false },
              width,
              height: 6,
            }),
        ),
      )
    }

    const timeoutMs = props.tickTimeout.toMilliseconds()
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## The watcher itself', width: 24, height: 1 }),
      new AlarmStatusWidget({ title: 'Self-monitoring alarms', alarms: [...props.alarms], width: 24, height: 3 }),
      new GraphWidget({
        title: 'Ticks per minute (heartbeat)',
        left: [metric(metricNames.heartbeat, 'Sum', {}, 'ticks'), metric(metricNames.leaseBusy, 'Sum', {}, 'skipped: lease busy')],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
        height: 6,
      }),
      new GraphWidget({
        title: 'Duration',
        left: [metric(metricNames.tickDuration, 'Maximum', {}, 'tick (max)'), metric(metricNames.tickDuration, 'p50', {}, 'tick (median)')],
        right: [props.tickFunction.metricDuration({ statistic: 'Maximum', period, label: 'invocation (max)' })],
        rightAnnotations: [{ value: timeoutMs, label: 'function timeout', color: Color.RED }],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
        rightYAxis: { min: 0, label: 'ms', showUnits: false },
        width: 8,
        height: 6,
      }),
      new GraphWidget({
        title: 'Lambda errors and throttles',
        left: [
          props.tickFunction.metricErrors({ statistic: 'Sum', period, label: 'invocation errors' }),
          props.tickFunction.metricThrottles({ statistic: 'Sum', period, label: 'throttles' }),
          metric(metricNames.tickErrors, 'Sum', {}, 'failed polls'),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
        height: 6,
      }),
      new GraphWidget({
        title: 'Alerts',
        left: [
          metric(metricNames.statusChanges, 'Sum', {}, 'status changes'),
          metric(metricNames.alertsSent, 'Sum', {}, 'sent (channels)'),
          metric(metricNames.alertsFailed, 'Sum', {}, 'failed (channels)'),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
        height: 6,
      }),
      new GraphWidget({
        title: 'Checks that could not read their data (RPC errors), per chain',
        left: props.chains.map((chain) => metric(metricNames.rpcErrors, 'Sum', { chain: chain.name }, chain.name)),
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
        height: 6,
      }),
    )
  }
}
