import { parseMuteDuration } from '../alerts/parseMuteDuration.js'
import { type CheckName, checkNames } from '../types.js'
import type { ChatCommand } from './ChatCommand.js'

/** The names a command may use: from the config. */
export interface CommandContext {
  readonly chains: readonly string[]
  readonly actions: readonly string[]
}

export const chatUsage = [
  'status',
  'ack CHAIN|all [CHECK]',
  'mute CHAIN|all [CHECK] DURATION   (e.g. 30m, 2h, 1d)',
  'unmute CHAIN|all [CHECK]',
  'pause ACTION',
  'resume ACTION',
]

export type ParsedCommand = { readonly command: ChatCommand } | { readonly error: string }

function listed(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'none configured'
}

/**
 * Text → command, pure. `mute base 1h`, `ack all`, `pause pause-perps-op`. Anything wrong is one plain sentence
 * (unknown chain, bad duration), and nothing is done with it.
 */
export function parseChatCommand(text: string, context: CommandContext): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean)
  const verb = words[0]?.toLowerCase()
  const args = words.slice(1)
  if (!verb || verb === 'help') return { command: { kind: 'help' } }

  const target = (chainWord: string | undefined, checkWord: string | undefined, usage: string): { chain: string; check?: CheckName } | { error: string } => {
    if (!chainWord) return { error: `usage: ${usage}` }
    const chain = chainWord === 'all' ? '*' : chainWord
    if (chain !== '*' && !context.chains.includes(chain)) return { error: `no chain is named "${chainWord}" (have ${listed(context.chains)}, or all)` }
    if (checkWord === undefined) return { chain }
    if (!(checkNames as readonly string[]).includes(checkWord)) return { error: `no check is named "${checkWord}" (have ${checkNames.join(', ')})` }
    return { chain, check: checkWord as CheckName }
  }
  const action = (name: string | undefined, kind: 'pause' | 'resume'): ParsedCommand => {
    if (!name || args.length > 1) return { error: `usage: ${kind} ACTION (actions: ${listed(context.actions)})` }
    if (!context.actions.includes(name)) return { error: `no breaker action is named "${name}" (have ${listed(context.actions)})` }
    return { command: { kind, action: name } }
  }

  switch (verb) {
    case 'status':
      return args.length === 0 ? { command: { kind: 'status' } } : { error: 'usage: status (no arguments)' }
    case 'ack':
    case 'unmute': {
      const usage = `${verb} CHAIN|all [CHECK]`
      if (args.length > 2) return { error: `usage: ${usage}` }
      const parsed = target(args[0], args[1], usage)
      return 'error' in parsed ? parsed : { command: { kind: verb, ...parsed } }
    }
    case 'mute': {
      const usage = 'mute CHAIN|all [CHECK] DURATION (e.g. 30m, 2h, 1d)'
      if (args.length < 2 || args.length > 3) return { error: `usage: ${usage}` }
      const duration = parseMuteDuration(args.at(-1), 'duration')
      const parsed = target(args[0], args.length === 3 ? args[1] : undefined, usage)
      if ('error' in parsed) return parsed
      if ('error' in duration) return duration
      return { command: { kind: 'mute', ...parsed, seconds: duration.seconds } }
    }
    case 'pause':
    case 'resume':
      return action(args[0], verb)
    case 'approve':
      return args.length === 1 && /^[a-z0-9]{6,32}$/.test(args[0]!) ? { command: { kind: 'approve', request: args[0]! } } : { error: 'usage: approve REQUEST (press the Approve button)' }
    default:
      return { error: `unknown command "${verb}" (try: ${chatUsage.map((line) => line.split(' ')[0]).join(', ')})` }
  }
}
