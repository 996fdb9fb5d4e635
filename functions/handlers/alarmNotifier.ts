import { Logger } from '@aws-lambda-powertools/logger'
import type { SNSEvent } from 'aws-lambda'
import { createOutbox, type Outbox } from '../alerts/createOutbox.js'
import { type HealthAlarm, watcherOutboxChain } from '../alerts/OutboxEntry.js'
import type { WatchtowerConfig } from '../config/schema.js'
import { buildChannels } from '../notify/buildChannels.js'
import { healthAnnouncement } from '../notify/formatAnnouncement.js'
import { loadSecretsIntoEnv } from '../runtime/loadSecretsIntoEnv.js'
import { createDynamoStore } from '../store/createDynamoStore.js'

/**
 * The watcher's watcher: CloudWatch alarms on the tick function (errors, throttles, duration near the timeout,
 * heartbeat gone silent) publish to SNS, and this separate function queues them in the same outbox as every
 * other message (kind `health`) and delivers that outbox itself, through the same channels. A dead or wedged
 * tick function cannot report itself; this one does not depend on it, and a chat API that is down for a while
 * loses nothing: the entry stays queued and is retried (by this function's SNS retries and by any tick).
 */

export const alarmNotifierEnvNames = {
  /** JSON object: token env var name → Secrets Manager secret ARN (the same secrets the tick function reads). */
  secrets: 'WATCHTOWER_SECRETS',
  /** Stage name for the message, e.g. `prod`. */
  stage: 'WATCHTOWER_STAGE',
  /** The watchtower's table (its outbox), as the tick function's `WATCHTOWER_TABLE`. */
  table: 'WATCHTOWER_TABLE',
} as const

/** The fields of a CloudWatch alarm state-change notification this function uses: a health alarm without its stage. */
export type AlarmNotification = Omit<HealthAlarm, 'stage'>

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** Reads an SNS message from CloudWatch; anything else (a test publish) becomes a notification of state `MESSAGE`. */
export function parseAlarmNotification(message: string, subject?: string | null): AlarmNotification {
  let raw: Record<string, unknown> | undefined
  try {
    const parsed: unknown = JSON.parse(message)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>
  } catch {
    raw = undefined
  }
  const alarmName = text(raw?.AlarmName)
  const state = text(raw?.NewStateValue)
  if (!raw || alarmName === undefined || state === undefined)
    return { alarmName: text(subject) ?? 'SNS message', state: 'MESSAGE', reason: message.trim().slice(0, 1000) }
  const optional = {
    previousState: text(raw.OldStateValue),
    description: text(raw.AlarmDescription),
    changedAt: text(raw.StateChangeTime),
    region: text(raw.Region),
  }
  return {
    alarmName,
    state,
    reason: text(raw.NewStateReason) ?? '(no reason given)',
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  }
}

/** `Watchtower itself is unhealthy: <alarm name> <state> <reason>`, plus what the alarm means and where (plain text). */
export function formatAlarmText(alarm: AlarmNotification, stage?: string): string {
  const announcement = healthAnnouncement({ ...alarm, ...(stage ? { stage } : {}) })
  return [announcement.title, ...announcement.lines].join('\n')
}

export interface AlarmNotifierDependencies {
  /** Per container: the outbox (the table and the chat channels, tokens read once). */
  readonly outbox: () => Promise<Pick<Outbox, 'enqueue' | 'deliver'> & { readonly channels: number }>
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>
  readonly stage?: string
  /** Unix seconds. */
  readonly clock?: () => number
}

export interface AlarmNotifierResult {
  readonly messages: number
  /** Channel deliveries of this event's alarms that succeeded / failed (a failed one stays queued). */
  readonly delivered: number
  readonly failed: number
}

/** Health messages stay deliverable a day, as alerts do by default. */
const healthExpirySeconds = 24 * 3600

/** The outbox id of an SNS record: its message id (SNS retries and duplicates carry the same one). */
export function healthMessageId(record: { readonly Sns: { readonly MessageId?: string; readonly Message: string } }): string {
  if (record.Sns.MessageId) return `health#${record.Sns.MessageId}`
  let hash = 0
  for (const char of record.Sns.Message) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0
  return `health#${(hash >>> 0).toString(16)}`
}

/**
 * Queues every record (deterministic id: a redelivered SNS message queues nothing new), then delivers the
 * outbox. Throws (so Lambda retries the SNS delivery) while an alarm of this event reached no channel yet; the
 * retry finds it still queued and tries again, and the channels that got it are not sent it twice.
 */
export function createAlarmNotifierHandler({ outbox: openOutbox, logger, stage, clock = () => Math.floor(Date.now() / 1000) }: AlarmNotifierDependencies) {
  return async (event: Pick<SNSEvent, 'Records'>): Promise<AlarmNotifierResult> => {
    const outbox = await openOutbox()
    const now = clock()
    const ids: string[] = []
    for (const record of event.Records) {
      const parsed = parseAlarmNotification(record.Sns.Message, record.Sns.Subject)
      const alarm: HealthAlarm = { ...parsed, ...(stage ? { stage } : {}) }
      logger.error('watchtower alarm', { alarm: alarm.alarmName, state: alarm.state, reason: alarm.reason })
      if (outbox.channels === 0) {
        logger.warn('no chat channel is configured: this alarm is only in the logs (and any e-mail subscription)')
        continue
      }
      const id = healthMessageId(record)
      // Queued at the time SNS gives the message, which a redelivery repeats: the same entry, not a second one.
      const published = Date.parse(record.Sns.Timestamp ?? '')
      const queuedAt = Number.isFinite(published) ? Math.min(now, Math.floor(published / 1000)) : now
      await outbox.enqueue({ id, chain: watcherOutboxChain, message: { kind: 'health', alarm }, now: queuedAt, expirySeconds: healthExpirySeconds })
      ids.push(id)
    }
    if (ids.length === 0) return { messages: event.Records.length, delivered: 0, failed: 0 }
    const mine = new Set(ids)
    const reached = new Set<string>()
    const refused = new Set<string>()
    let delivered = 0
    let failed = 0
    for (const outcome of await outbox.deliver(now)) {
      const ours = outcome.ids.filter((id) => mine.has(id))
      if (ours.length === 0) continue
      if (outcome.result === 'sent') {
        delivered += ours.length
        for (const id of ours) reached.add(id)
      } else {
        failed += ours.length
        for (const id of ours) refused.add(id)
        logger.error('alarm delivery failed', { channel: outcome.channel, result: outcome.result, error: outcome.error })
      }
    }
    // Neither sent nor refused now: delivered before (a redelivered SNS message) or in another sender's hands.
    const unreached = [...refused].filter((id) => !reached.has(id))
    if (unreached.length > 0) throw new Error(`alarm(s) reached no channel yet (queued, retried): ${unreached.join(', ')}`)
    return { messages: event.Records.length, delivered, failed }
  }
}

// ---------------------------------------------------------------- the deployed wiring

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'watchtower-alarms' })

type DeployedOutbox = Awaited<ReturnType<AlarmNotifierDependencies['outbox']>>
let built: Promise<DeployedOutbox> | undefined

async function init(): Promise<DeployedOutbox> {
  // The CDK stack bundles the validated `notify` section (esbuild `define` of this exact expression).
  const raw = process.env.WATCHTOWER_NOTIFY_JSON
  const notify = (raw ? JSON.parse(raw) : {}) as WatchtowerConfig['notify']
  const secretProblems = await loadSecretsIntoEnv(
    JSON.parse(process.env[alarmNotifierEnvNames.secrets] ?? '{}') as Record<string, string>,
  )
  const { routes: channels, problems } = buildChannels(notify, process.env, { console: false })
  for (const problem of [...secretProblems, ...problems]) logger.warn(problem)
  const tableName = process.env[alarmNotifierEnvNames.table]
  if (!tableName) throw new Error(`${alarmNotifierEnvNames.table} is not set: the alarm notifier needs the watchtower table (its outbox)`)
  return Object.assign(createOutbox(createDynamoStore({ tableName }), channels), { channels: channels.length })
}

export const handler = createAlarmNotifierHandler({
  outbox: () =>
    (built ??= init().catch((error: unknown) => {
      built = undefined
      throw error
    })),
  logger,
  ...(process.env[alarmNotifierEnvNames.stage] ? { stage: process.env[alarmNotifierEnvNames.stage] } : {}),
})
