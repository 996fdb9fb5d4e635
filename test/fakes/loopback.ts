import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How a fake answers the next request(s) instead of its normal reply. */
export interface FailureMode {
  readonly status: number
  /** Objects are sent as JSON, strings as text/plain; omitted means the fake's API-shaped default for `status`. */
  readonly body?: unknown
  readonly headers?: Record<string, string>
  /** Wait this long before answering (timeout tests). */
  readonly delayMs?: number
}

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  stop(): Promise<void>
}

export type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => Promise<void> | void

/** An HTTP server on an ephemeral loopback port; a throwing handler answers 500 rather than hanging the client. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => handler(request, body, response))
      .catch((error: unknown) => {
        if (!response.headersSent) sendText(response, 500, `fake server error: ${String(error)}`)
        else response.end()
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  response.end(JSON.stringify(body))
}

export function sendText(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
  response.end(body)
}

/** Answers with `mode`, falling back to `defaults` for the body and headers it leaves out. */
export async function sendFailure(
  response: ServerResponse,
  mode: FailureMode,
  defaults: { body: unknown; headers?: Record<string, string> },
): Promise<void> {
  if (mode.delayMs) await new Promise((resolve) => setTimeout(resolve, mode.delayMs))
  if (response.destroyed) return
  const body = mode.body === undefined ? defaults.body : mode.body
  // Header names are case-insensitive: lower-case both sides so `Retry-After` overrides the default `retry-after`.
  const headers = { ...lowerCaseKeys(defaults.headers), ...lowerCaseKeys(mode.headers) }
  if (typeof body === 'string') sendText(response, mode.status, body, headers)
  else sendJson(response, mode.status, body, headers)
}

function lowerCaseKeys(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}

/** A FIFO of scripted failures: `failNext(2, …)` makes the next two requests fail. */
export class FailureQueue {
  private readonly queue: FailureMode[] = []

  push(count: number, mode: FailureMode): void {
    for (let i = 0; i < count; i++) this.queue.push(mode)
  }

  take(): FailureMode | undefined {
    return this.queue.shift()
  }
}

/** Request bodies as clients send them: JSON, form-urlencoded, or a query string for GET. */
export function decodeBody(contentType: string | undefined, body: string): Record<string, any> {
  if (!body) return {}
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, any>
  return Object.fromEntries(new URLSearchParams(body))
}
