import { createChatopsDependencies } from '../functions/chatops/createChatopsDependencies.js'
import { pollTelegramUpdates } from '../functions/chatops/pollTelegramUpdates.js'
import { startChatServer } from '../functions/chatops/startChatServer.js'
import type { Runtime } from '../functions/runtime/createRuntime.js'
import { time } from './runLoop.js'

/** `watchtower run`'s chat ops: the endpoints on chatops.listen, Telegram long polling; stop() ends both. */
export async function startChatops(runtime: Runtime, { err }: { err: (line: string) => void }): Promise<{ stop(): Promise<void> }> {
  const chatops = runtime.config.chatops
  if (!chatops) return { stop: async () => {} }
  const deps = createChatopsDependencies({ config: runtime.config, store: runtime.store, table: runtime.table, channels: runtime.channels, log: (line) => err(`${time()} ! ${line}`) })
  // A secret not set means every request is refused: say so at start, not at 3 a.m.
  const secrets = [chatops.slack?.signingSecretEnv, chatops.telegram?.mode === 'webhook' ? chatops.telegram.secretTokenEnv : undefined]
  for (const name of secrets) if (name && !process.env[name]) err(`! chat ops: ${name} is not set: every ${name === chatops.slack?.signingSecretEnv ? 'Slack' : 'Telegram webhook'} request will be refused (401)`)
  const stops: (() => Promise<void>)[] = []
  if (chatops.listen) {
    const server = await startChatServer(deps, chatops.listen)
    err(`chat ops listening on ${server.origin} (POST /slack/commands, /slack/actions, /telegram/webhook)`)
    stops.push(() => server.stop())
  } else if (chatops.slack || chatops.telegram?.mode === 'webhook') {
    err('chat ops: no chatops.listen set, so Slack and Telegram webhooks are not served by this process')
  }
  if (chatops.telegram?.mode === 'polling') {
    const poller = pollTelegramUpdates(deps)
    stops.push(() => poller.stop())
  }
  return { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) }
}
