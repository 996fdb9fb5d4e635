import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ChatHttpDependencies, handleChatHttp } from './handleChatHttp.js'

export interface ChatServer {
  /** `http://HOST:PORT` */
  readonly origin: string
  /** Stops listening and waits for answers in progress. */
  stop(): Promise<void>
}

/** Bodies are small (a slash command, a button press); anything larger is refused unread. */
const maxBodyBytes = 64 * 1024

/** `watchtower run`'s chat endpoints on `chatops.listen` (HOST:PORT; port 0 picks one). */
export async function startChatServer(deps: ChatHttpDependencies, listen: string): Promise<ChatServer> {
  const separator = listen.lastIndexOf(':')
  const host = listen.slice(0, separator).replace(/^\[|\]$/g, '')
  const port = Number(listen.slice(separator + 1))
  const inFlight = new Set<Promise<void>>()
  const server = createServer((incoming, outgoing) => {
    readBody(incoming).then(
      (body) => {
        if (body === undefined) {
          outgoing.writeHead(413, { 'content-type': 'text/plain' }).end('request too large')
          return
        }
        const headers = Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value]))
        const response = handleChatHttp(deps, { method: incoming.method ?? 'GET', path: new URL(incoming.url ?? '/', 'http://local').pathname, headers, body })
        outgoing.writeHead(response.status, response.headers).end(response.body)
        // Acknowledged; now the work (its own failures are logged inside).
        if (response.work) {
          const work = response.work().catch((error: unknown) => deps.log(`chat ops: ${(error as Error).message}`))
          inFlight.add(work)
          void work.finally(() => inFlight.delete(work))
        }
      },
      () => outgoing.writeHead(400).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    origin: `http://${shown}:${address.port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections?.()
      await Promise.all([...inFlight])
    },
  }
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) chunks.push(chunk)
    })
    request.on('end', () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
