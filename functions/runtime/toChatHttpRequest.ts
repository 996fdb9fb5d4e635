import type { LambdaFunctionURLEvent } from 'aws-lambda'
import type { ChatHttpRequest } from '../chatops/handleChatHttp.js'

/** A Lambda Function URL event as the chat endpoints' request: the raw body (Slack signs its exact bytes), lower-case headers. */
export function toChatHttpRequest(event: LambdaFunctionURLEvent): ChatHttpRequest {
  const raw = event.body ?? ''
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? '/',
    headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
    body: event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw,
  }
}
