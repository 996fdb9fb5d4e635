import { Logger } from '@aws-lambda-powertools/logger'
import type { SNSEvent } from 'aws-lambda'
import type { WatchtowerConfig } from '../config/schema.js'
import { createTextPosters, type TextPoster } from '../notify/createTextPosters.js'
import { loadSecretsIntoEnv } from '../runtime/loadSecretsIntoEnv.js'

/**
 * The watcher's watcher: CloudWatch alarms on the tick function (errors, throttles, duration near the timeout,
 * heartbeat gone silent) publish to SNS, and this separate function posts them to the same Slack/Telegram
 * channels. A dead or wedged tick function cannot report itself; this one does not depend on it.
 */

export const alarmNotifierEnvNames = {
  /** JSON object: token env var name → Secrets Manager secret ARN (the same secrets the tick function reads). */
  secrets: 'WATCHTOWER_SECRETS',
  /** Stage name for the message, e.g. `prod`. */
  stage: 'WATCHTOWER_STAGE',
} as const

/** The fields of a CloudWatch alarm state-change notification this function uses. */
export interface AlarmNotification {
  readonly alarmName: string
  readonly state: string
  readonly previousState?: string
  readonly reason: string
  readonly description?: string
  readonly changedAt?: string
  readonly region?: string
}

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

/** `Watchtower itself is unhealthy: <alarm name> <state> <reason>`, plus what the alarm means and where. */
export function formatAlarmText(alarm: AlarmNotification, stage?: string): string {
  const headline =
    alarm.state === 'OK'
      ? `Watchtower is healthy again: ${alarm.alarmName} OK ${alarm.reason}`
      : `Watchtower itself is unhealthy: ${alarm.alarmName} ${alarm.state} ${alarm.reason}`
  const where = [stage && `stage ${stage}`, alarm.region, alarm.changedAt && `at ${alarm.changedAt}`].filter(Boolean).join(', ')
  return [headline, alarm.description, where && `(${where})`].filter(Boolean).join('\n')
}

export interface AlarmNotifierDependencies {
  /** Per container: the chat posters (tokens read once). */
  readonly posters: () => Promise<readonly TextPoster[]>
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>
  readonly stage?: string
}

export interface AlarmNotifierResult {
  readonly messages: number
  readonly delivered: number
  readonly failed: number
}

/**
 * Posts every record to every channel. Throws (so Lambda retries the SNS delivery) only when a message reached
 * no channel at all; a partial failure is logged, since a retry would repeat it on the channels that worked.
 */
export function createAlarmNotifierHandler({ posters, logger, stage }: AlarmNotifierDependencies) {
  return async (event: Pick<SNSEvent, 'Records'>): Promise<AlarmNotifierResult> => {
    const channels = await posters()
    let delivered = 0
    let failed = 0
    const undelivered: string[] = []
    for (const record of event.Records) {
      const alarm = parseAlarmNotification(record.Sns.Message, record.Sns.Subject)
      const message = formatAlarmText(alarm, stage)
      logger.error('watchtower alarm', { alarm: alarm.alarmName, state: alarm.state, reason: alarm.reason })
      if (channels.length === 0) {
        logger.warn('no chat channel is configured: this alarm is only in the logs (and any e-mail subscription)')
        continue
      }
      const results = await Promise.allSettled(channels.map((channel) => channel.post(message)))
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') delivered++
        else {
          failed++
          logger.error('alarm post failed', {
            channel: channels[index]?.name,
            error: result.reason instanceof Error ? result.reason.message : String(result.reason),
          })
        }
      })
      if (results.every((result) => result.status === 'rejected')) undelivered.push(alarm.alarmName)
    }
    if (undelivered.length > 0) throw new Error(`alarm(s) reached no channel: ${undelivered.join(', ')}`)
    return { messages: event.Records.length, delivered, failed }
  }
}

// ---------------------------------------------------------------- the deployed wiring

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'watchtower-alarms' })

let built: Promise<readonly TextPoster[]> | undefined

async function init(): Promise<readonly TextPoster[]> {
  // The CDK stack bundles the validated `notify` section (esbuild `define` of this exact expression).
  const raw = process.env.WATCHTOWER_NOTIFY_JSON
  const notify = (raw ? JSON.parse(raw) : {}) as WatchtowerConfig['notify']
  const secretProblems = await loadSecretsIntoEnv(
    JSON.parse(process.env[alarmNotifierEnvNames.secrets] ?? '{}') as Record<string, string>,
  )
  const { posters, problems } = createTextPosters(notify, process.env)
  for (const problem of [...secretProblems, ...problems]) logger.warn(problem)
  return posters
}

export const handler = createAlarmNotifierHandler({
  posters: () =>
    (built ??= init().catch((error: unknown) => {
      built = undefined
      throw error
    })),
  logger,
  ...(process.env[alarmNotifierEnvNames.stage] ? { stage: process.env[alarmNotifierEnvNames.stage] } : {}),
})
