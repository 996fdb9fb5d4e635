import { Logger } from '@aws-lambda-powertools/logger'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { LambdaFunctionURLEvent } from 'aws-lambda'
import { createChatopsDependencies } from '../chatops/createChatopsDependencies.js'
import { type ChatHttpDependencies, handleChatHttp } from '../chatops/handleChatHttp.js'
import { routingOnlyChannels } from '../notify/routingOnlyChannels.js'
import { loadSecretsIntoEnv } from '../runtime/loadSecretsIntoEnv.js'
import { readBundledConfig } from '../runtime/readBundledConfig.js'
import { tickEnvNames } from '../runtime/tickEnvNames.js'
import { toChatHttpRequest } from '../runtime/toChatHttpRequest.js'
import { createDynamoStore } from '../store/createDynamoStore.js'

// The chat function's shell, behind a Lambda Function URL in response-streaming mode: the answer (200, or 401
// for a bad signature) is sent and the stream ended first, so Slack's 3-second limit holds however long the work
// takes; then the work runs (store writes, the answer to Slack's response_url / Telegram's sendMessage) before
// the handler returns. It reads and writes its table and its secrets; it signs and invokes nothing: a chat
// pause is a request the tick function (which holds the breaker key) carries out on its next poll.

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'watchtower-chat' })

let dependencies: Promise<ChatHttpDependencies> | undefined

async function init(): Promise<ChatHttpDependencies> {
  const config = readBundledConfig(process.env.WATCHTOWER_CONFIG_JSON)
  const tableName = process.env[tickEnvNames.table]
  if (!tableName) throw new Error(`${tickEnvNames.table} is not set: deploy with the CDK stack`)
  const problems = await loadSecretsIntoEnv(JSON.parse(process.env[tickEnvNames.secrets] ?? '{}') as Record<string, string>)
  for (const problem of problems) logger.warn(problem)
  const client = new DynamoDBClient({ maxAttempts: 3 })
  const dynamo = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
  return createChatopsDependencies({
    config,
    store: createDynamoStore({ tableName, client }),
    table: { dynamo, tableName },
    log: (line) => logger.warn(line),
    // Acks and mutes are queued for the incident messages; the tick function (it holds the channel secrets) delivers them.
    channels: routingOnlyChannels(config.notify),
  })
}

/** The streaming response the Lambda Node.js runtime hands to a `streamifyResponse` handler. */
export interface ResponseStream {
  write(chunk: string): unknown
  end(): void
}

interface LambdaStreaming {
  streamifyResponse(handler: (event: LambdaFunctionURLEvent, stream: ResponseStream) => Promise<void>): unknown
  HttpResponseStream: { from(stream: ResponseStream, metadata: { statusCode: number; headers: Record<string, string> }): ResponseStream }
}

/** Answer first, then the work: the whole request, with the runtime's stream helpers passed in (tests pass fakes). */
export async function serveChatRequest(
  event: LambdaFunctionURLEvent,
  stream: ResponseStream,
  { deps, from }: { deps: () => Promise<ChatHttpDependencies>; from: LambdaStreaming['HttpResponseStream']['from'] },
): Promise<void> {
  let response
  try {
    response = handleChatHttp(await deps(), toChatHttpRequest(event))
  } catch (error) {
    logger.error('chat request failed', { error: (error as Error).message })
    response = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error' }
  }
  const out = from(stream, { statusCode: response.status, headers: response.headers })
  out.write(response.body)
  out.end()
  if ('work' in response && response.work) await response.work()
}

// The Lambda Node.js runtime's global (elsewhere absent, or a partial stand-in some libraries define).
const lambdaGlobal = (globalThis as { awslambda?: Partial<LambdaStreaming> }).awslambda
const runtime = typeof lambdaGlobal?.streamifyResponse === 'function' ? (lambdaGlobal as LambdaStreaming) : undefined

export const handler = runtime
  ? runtime.streamifyResponse((event, stream) =>
      serveChatRequest(event, stream, {
        deps: () =>
          (dependencies ??= init().catch((error: unknown) => {
            dependencies = undefined // retry the cold start on the next request
            throw error
          })),
        from: (s, metadata) => runtime.HttpResponseStream.from(s, metadata),
      }),
    )
  : undefined
