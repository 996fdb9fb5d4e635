import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from '../functions/config/ConfigError.js'
import { breakerUsage } from './breakerUsage.js'
import { loadConfig, resolveConfigPath } from '../functions/config/loadConfig.js'
import { toJsonSchema } from '../functions/config/toJsonSchema.js'
import { formatSeconds } from '../functions/checks/formatSeconds.js'
import { formatStatusTable } from '../functions/report/formatStatusTable.js'
import { statusRows } from '../functions/report/statusRows.js'
import type { Runtime } from '../functions/runtime/createRuntime.js'
import type { TickResult } from '../functions/tick.js'
import { systemClock } from '../functions/systemClock.js'
import { checkNames, statusExitCode } from '../functions/types.js'
import { resolveAlertSettings } from '../functions/alerts/alertSettings.js'
import { isMuted } from '../functions/alerts/Mute.js'
import { parseMuteDuration } from '../functions/alerts/parseMuteDuration.js'
import { WatchtowerError } from '../functions/errors/WatchtowerError.js'
import { readStateDirLock } from '../functions/store/readStateDirLock.js'
import { time } from './runLoop.js'

const usage = `watchtower — L2 execution-risk monitor

Usage:
  watchtower run      [--interval SECONDS] [--json]   poll every chain forever (default every 15 s)
  watchtower check    --once [--json]                 one full tick; exit code = worst status
  watchtower status   [--json] [--interval SECONDS]   stored status per chain×check, incidents, acks, mutes, heartbeat age
  watchtower ack      CHAIN|all [CHECK] [--by NAME]   acknowledge open incidents: no reminders until worse or resolved
  watchtower mute     CHAIN|all [CHECK] --for 2h      silence delivery (still recorded) until it expires (at most 30d);
                      [--by NAME]                     ack and mute show in the incident messages, by --by or your login
  watchtower unmute   CHAIN|all [CHECK]               lift a mute
  watchtower resolve  CHAIN [CHECK]                   close the incidents of a chain no longer in the config
  watchtower audit    [--json] [--limit N]            chat ops audit trail, newest first: who did what, when, where, outcome
  watchtower replay   SCENARIO [--json] [--speed N]   replay an incident (bundled name or file) on devnets; exit 0 when every expectation holds
  watchtower validate                                 validate the config and exit
  watchtower schema                                   print the config's JSON Schema

${breakerUsage}

Options (every command):
  --config PATH      config file (default ./watchtower.config.yaml, else the bundled config/mainnet.yaml)
  --state-dir DIR    where the embedded DynamoDB keeps its data (default .watchtower/); while
                     \`watchtower run\` runs there, the other commands use its store
  --version          print the version

Exit codes: check: 0 ok, 1 warn, 2 crit, 3 unknown or error. status: 0 fresh heartbeat, 1 older than
3 intervals, 2 older than 10, 3 none yet. 64: bad command line.`

/** Config errors and unexpected failures exit like an UNKNOWN check: a monitor that cannot judge says so. */
const errorExitCode = 3

/** A bad command line: one line on stderr, exit 64 (EX_USAGE), nothing done. */
class UsageError extends WatchtowerError {
  override name = 'UsageError'
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        'state-dir': { type: 'string', default: '.watchtower' },
        interval: { type: 'string' },
        limit: { type: 'string' },
        speed: { type: 'string' },
        for: { type: 'string' },
        by: { type: 'string' },
        once: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    // Node's messages run to three sentences and a stack; the user needs the flag.
    const message = (error as Error).message
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? ''
    const code = (error as NodeJS.ErrnoException).code
    const what =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option ${flag}`
        : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? /argument missing/.test(message)
            ? `option ${flag} needs a value`
            : /ambiguous/.test(message)
              ? `option ${flag} needs a value (one starting with "-" goes as ${flag}=-…)`
              : `option ${flag} takes no value`
          : (message.split(/\.\s/)[0] ?? message)
    console.error(`watchtower: ${what} (watchtower --help lists the options)`)
    process.exit(64)
  }
}

const { values, positionals } = parseCommandLine()

const command = positionals[0]

// `watchtower run | head`: once the reader is gone, writes fail with EPIPE; that must not crash the process.
let stdoutClosed: (() => void) | undefined
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') stdoutClosed?.()
})
process.stderr.on('error', () => {})

function printTick(result: TickResult, json: boolean): void {
  if (json) {
    const results = result.results.map(({ chain, check, status, value, unit, reason, threshold, details }) => ({
      chain,
      check,
      status,
      value,
      unit,
      reason,
      threshold,
      details: details ?? {},
    }))
    console.log(JSON.stringify({ at: result.at, worst: result.worst, results }))
    return
  }
  console.log(`\n${new Date(result.at * 1000).toISOString()}  worst: ${result.worst.toUpperCase()}  (${result.durationMs} ms)`)
  console.log(formatStatusTable(result.results))
  for (const delivery of result.deliveries) if (delivery.result !== 'sent') console.error(`! ${delivery.channel}: ${delivery.error}`)
}

interface RuntimeOptions {
  /** Status-change lines to stderr (stdout carries only JSON). */
  readonly quietConsole?: boolean
  /** Own the state dir's store, or fail: `run` must not lean on a short-lived command's server. */
  readonly exclusive?: boolean
  /** Published to the other commands in the state dir's lock. */
  readonly owner?: { readonly command?: string; readonly intervalSeconds?: number; readonly shared?: boolean }
}

async function withRuntime<T>(configPath: string, fn: (runtime: Runtime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  const config = loadConfig(configPath)
  // Chain clients, AWS SDK and chat clients load only for commands that need them (quick --help, validate).
  const { createRuntime } = await import('../functions/runtime/createRuntime.js')
  const write = options.quietConsole ? (line: string) => console.error(line) : (line: string) => console.log(line)
  const runtime = await createRuntime({
    config,
    store: {
      kind: 'embedded',
      stateDir: resolve(values['state-dir']!),
      ...(options.exclusive ? { exclusive: true } : {}),
      owner: { command: command!, ...options.owner },
    },
    // Alert lines carry their time: on a screen that scrolls for days, "when" matters.
    consoleWrite: (line) => write(`${time()} ${line}`),
  })
  for (const problem of runtime.problems) console.error(`! ${problem}`)
  try {
    return await fn(runtime)
  } finally {
    await runtime.close()
  }
}

function usageError(text: string): number {
  console.error(`usage: ${text}`)
  return 64
}

/** Who an ack or mute is by: `--by`, else the login running the command. */
function whoIsActing(by: string | undefined): string {
  if (by?.trim()) return by.trim()
  try {
    return userInfo().username || 'unknown'
  } catch {
    return process.env.USER ?? 'unknown'
  }
}

/** The channels an ack or mute is told on, with the global delivery expiry. */
function tellChannels(runtime: Runtime) {
  return { channels: runtime.channels, deliveryExpiry: resolveAlertSettings(runtime.config, {}).deliveryExpiry }
}

/** Sends what the command queued now; what fails stays queued for the next tick (which retries). */
async function deliverNow(runtime: Runtime, now: number): Promise<void> {
  const { deliverOutbox } = await import('../functions/alerts/deliverOutbox.js')
  for (const delivery of await deliverOutbox(runtime.store, runtime.channels, now))
    if (delivery.result !== 'sent') console.error(`! ${delivery.channel}: ${delivery.error ?? delivery.result} (kept for the next tick)`)
}

/** A typo in an ack or mute must not silently match nothing. */
function knownTarget(runtime: Runtime, chain: string, check: string | undefined): void {
  if (chain !== '*' && !runtime.config.chains.some((c) => c.name === chain))
    throw new UsageError(`no configured chain is named "${chain}" (have ${runtime.config.chains.map((c) => c.name).join(', ')})`)
  if (check && !(checkNames as readonly string[]).includes(check)) throw new UsageError(`no check is named "${check}" (have ${checkNames.join(', ')})`)
}

/** Seconds, as a plain positive decimal: `--interval 0x10`, `1e3`, `-5` or `abc` are mistakes, not intervals. */
function parseInterval(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN
  if (!(seconds > 0)) throw new UsageError(`--interval must be a positive number of seconds, got "${text}"`)
  return seconds
}

/** Nagios-style freshness of the last tick: warn past 3 intervals, crit past 10, unknown without any. */
function heartbeatStatus(age: number | null, interval: number): { status: 'ok' | 'warn' | 'crit' | 'unknown'; code: number } {
  if (age === null) return { status: 'unknown', code: 3 }
  if (age > 10 * interval) return { status: 'crit', code: 2 }
  if (age > 3 * interval) return { status: 'warn', code: 1 }
  return { status: 'ok', code: 0 }
}

function packageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}

async function main(): Promise<number> {
  if (values.version) {
    console.log(packageVersion())
    return 0
  }
  if (values.help || !command) {
    console.log(usage)
    return command || values.help ? 0 : 64
  }
  const configPath = resolveConfigPath(values.config)

  switch (command) {
    case 'validate': {
      const config = loadConfig(configPath)
      console.log(`${configPath}: ok (${config.chains.length} chains)`)
      return 0
    }
    case 'schema':
      console.log(JSON.stringify(toJsonSchema(), null, 2))
      return 0
    case 'check': {
      if (!values.once) {
        console.error('watchtower check runs one tick: pass --once (use `watchtower run` to poll)')
        return 64
      }
      return withRuntime(
        configPath,
        async (runtime) => {
          const { runTick } = await import('../functions/tick.js')
          const result = await runTick(runtime)
          printTick(result, values.json!)
          return statusExitCode[result.worst]
        },
        { quietConsole: values.json! },
      )
    }
    case 'run': {
      const interval = parseInterval(values.interval, 15)
      const stopped = new Promise<string>((resolveStop) => {
        let signals = 0
        const onSignal = (signal: string) => {
          // A second Ctrl-C does not wait for the store to close.
          if (++signals > 1) process.exit(130)
          resolveStop(signal)
        }
        process.on('SIGINT', () => onSignal('SIGINT'))
        process.on('SIGTERM', () => onSignal('SIGTERM'))
        stdoutClosed = () => resolveStop('stdout closed')
      })
      const { runLoop } = await import('./runLoop.js')
      const { startChatops } = await import('./startChatops.js')
      return withRuntime(
        configPath,
        async (runtime) => {
          const chatops = await startChatops(runtime, { err: (line) => console.error(line) })
          try {
            return await runLoop(runtime, {
            interval,
            json: values.json!,
            configPath,
            out: (line) => console.log(line),
            err: (line) => console.error(line),
            printJson: (result) => printTick(result, true),
            stopped,
          })
          } finally {
            await chatops.stop()
          }
        },
        { quietConsole: values.json!, exclusive: true, owner: { intervalSeconds: interval, shared: true } },
      )
    }
    case 'status': {
      return withRuntime(configPath, async (runtime) => {
        const [states, heartbeat, allMutes] = await Promise.all([runtime.store.getCheckStates(), runtime.store.getHeartbeat(), runtime.store.getMutes()])
        const now = systemClock()
        const mutes = allMutes.filter((mute) => mute.until > now)
        const heartbeatAge = heartbeat ? now - heartbeat.at : null
        // The running loop's own interval (published in the state dir) unless --interval says otherwise.
        const interval = parseInterval(values.interval, readStateDirLock(resolve(values['state-dir']!))?.intervalSeconds ?? 15)
        const freshness = heartbeatStatus(heartbeatAge, interval)
        const configured = new Set(runtime.config.chains.map((chain) => chain.name))
        const orphans = [...states.values()].filter((state) => state.incident && !configured.has(state.chain))
        if (values.json) {
          console.log(JSON.stringify({ heartbeat: heartbeat ? { at: heartbeat.at, age: heartbeatAge, durationMs: heartbeat.durationMs, chains: heartbeat.chains, counts: heartbeat.counts } : null, states: [...states.values()], mutes }))
          return freshness.code
        }
        for (const mute of mutes)
          console.log(`muted: ${mute.chain === '*' ? 'all chains' : mute.chain} ${mute.check === '*' ? '(every check)' : mute.check} for another ${formatSeconds(mute.until - now)}`)
        console.log(heartbeat ? `last tick ${formatSeconds(heartbeatAge!)} ago (${new Date(heartbeat.at * 1000).toISOString()})` : 'no tick has run yet')
        if (freshness.status !== 'ok')
          console.log(`heartbeat ${freshness.status.toUpperCase()}: ${heartbeat ? `no tick for more than ${freshness.status === 'crit' ? 10 : 3} intervals of ${interval} s` : 'no tick recorded'} (is \`watchtower run\` running on this state dir?)`)
        for (const state of orphans)
          console.log(
            `incident ${state.incident!.status.toUpperCase()} on ${state.chain} ${state.check}, open ${formatSeconds(now - state.incident!.openedAt)}: the chain is no longer configured; close it with \`watchtower resolve ${state.chain} ${state.check}\``,
          )
        const results = statusRows(states, heartbeat, runtime.config.chains.map((chain) => chain.name))
        if (results.length === 0) return freshness.code
        console.log(
          formatStatusTable(results, (verdict) => {
            const state = states.get(`${verdict.chain}#${verdict.check}`)
            if (!state) return ''
            const incident = state.incident
              ? `[incident ${state.incident.status.toUpperCase()} open ${formatSeconds(now - state.incident.openedAt)}${state.incident.ackedStatus ? ', acked' : ''}] `
              : ''
            const muted = isMuted(mutes, verdict.chain, verdict.check, now) ? '[muted] ' : ''
            return `${incident}${muted}[since ${formatSeconds(now - state.since)}] `
          }),
        )
        return freshness.code
      })
    }
    case 'ack': {
      const [, chain, check] = positionals
      if (!chain) return usageError('watchtower ack CHAIN|all [CHECK] [--by NAME]')
      return withRuntime(configPath, async (runtime) => {
        const target = chain === 'all' ? '*' : chain
        knownTarget(runtime, target, check)
        const { acknowledge } = await import('../functions/alerts/acknowledge.js')
        const now = systemClock()
        const acked = await acknowledge(runtime.store, { chain: target, ...(check ? { check } : {}), by: whoIsActing(values.by), ...tellChannels(runtime), now })
        console.log(acked.length > 0 ? `acknowledged: ${acked.join(', ')}` : `no open, unacknowledged incident on ${chain}${check ? ` ${check}` : ''}`)
        if (acked.length > 0) await deliverNow(runtime, now)
        return 0
      })
    }
    case 'mute': {
      const [, target, check] = positionals
      if (!target) return usageError('watchtower mute CHAIN|all [CHECK] --for DURATION (e.g. 30m, 2h, 1d) [--by NAME]')
      const duration = parseMuteDuration(values.for)
      if ('error' in duration) throw new UsageError(duration.error)
      const { seconds } = duration
      return withRuntime(configPath, async (runtime) => {
        const chain = target === 'all' ? '*' : target
        knownTarget(runtime, chain, check)
        const now = systemClock()
        const { applyMute } = await import('../functions/alerts/applyMute.js')
        const silenced = await applyMute(runtime.store, { chain, check: check ?? '*', until: now + seconds, by: whoIsActing(values.by), ...tellChannels(runtime), now })
        console.log(`muted ${target}${check ? ` ${check}` : ''} for ${formatSeconds(seconds)} (until ${new Date((now + seconds) * 1000).toISOString()}); alerts are still recorded`)
        if (silenced.length > 0) await deliverNow(runtime, now)
        return 0
      })
    }
    case 'unmute': {
      const [, target, check] = positionals
      if (!target) return usageError('watchtower unmute CHAIN|all [CHECK]')
      return withRuntime(configPath, async (runtime) => {
        const chain = target === 'all' ? '*' : target
        // A mute left on a chain since removed from the config can still be lifted; any other unknown name is a typo.
        const stored = (await runtime.store.getMutes()).some((mute) => mute.chain === chain && mute.check === (check ?? '*'))
        if (!stored) knownTarget(runtime, chain, check)
        const removed = await runtime.store.deleteMute(chain, check ?? '*')
        console.log(removed ? `unmuted ${target}${check ? ` ${check}` : ''}` : `no mute on ${target}${check ? ` ${check}` : ''}`)
        return removed ? 0 : 1
      })
    }
    case 'resolve': {
      const [, chain, check] = positionals
      if (!chain) return usageError('watchtower resolve CHAIN [CHECK]')
      return withRuntime(configPath, async (runtime) => {
        if (runtime.config.chains.some((c) => c.name === chain))
          throw new UsageError(`chain "${chain}" is configured: its incidents resolve once its checks are healthy (\`watchtower ack\` or \`mute\` it meanwhile)`)
        if (check && !(checkNames as readonly string[]).includes(check)) throw new UsageError(`no check is named "${check}" (have ${checkNames.join(', ')})`)
        const { resolveIncidents } = await import('../functions/alerts/resolveIncidents.js')
        const { resolved, deliveries } = await resolveIncidents(runtime.store, {
          chain,
          ...(check ? { check } : {}),
          note: 'resolved by hand: the chain is no longer in the config',
          channels: runtime.channels,
          deliveryExpiry: resolveAlertSettings(runtime.config, {}).deliveryExpiry,
          now: systemClock(),
        })
        for (const delivery of deliveries) if (delivery.result !== 'sent') console.error(`! ${delivery.channel}: ${delivery.error ?? delivery.result}`)
        console.log(resolved.length > 0 ? `resolved: ${resolved.join(', ')}` : `no open incident on ${chain}${check ? ` ${check}` : ''}`)
        return resolved.length > 0 ? 0 : 1
      })
    }
    case 'audit': {
      const limit = values.limit === undefined ? 50 : /^\d+$/.test(values.limit) && Number(values.limit) > 0 ? Number(values.limit) : Number.NaN
      if (Number.isNaN(limit)) throw new UsageError(`--limit must be a positive whole number, got "${values.limit}"`)
      return withRuntime(configPath, async (runtime) => {
        const { createChatopsStore } = await import('../functions/chatops/chatopsStore.js')
        const entries = await createChatopsStore(runtime.table.dynamo, runtime.table.tableName).recentAudit(limit)
        if (values.json) {
          console.log(JSON.stringify({ entries }))
          return 0
        }
        if (entries.length === 0) console.log('no chat ops actions recorded')
        for (const entry of entries)
          console.log(
            `${new Date(entry.at * 1000).toISOString()}  ${entry.channel.padEnd(8)}  ${`${entry.user.name ? `@${entry.user.name} ` : ''}${entry.user.id}`.padEnd(24)}  ${entry.outcome.padEnd(17)}  ${entry.command}  — ${entry.detail}`,
          )
        return 0
      })
    }
    case 'replay': {
      const [, scenario] = positionals
      if (!scenario) return usageError('watchtower replay SCENARIO [--json] [--speed N] (SCENARIO: a file, or one of replay/*.yaml by name)')
      const { runReplayCommand, ReplayUsageError } = await import('./replayCommand.js')
      try {
        return await runReplayCommand(scenario, { json: values.json!, ...(values.speed !== undefined ? { speed: values.speed } : {}), out: (line) => console.log(line), err: (line) => console.error(line) })
      } catch (error) {
        if (error instanceof ReplayUsageError) throw new UsageError(error.message)
        throw error
      }
    }
    case 'breaker': {
      const { runBreakerCommand } = await import('./breakerCommands.js')
      return runBreakerCommand([...positionals.slice(1), ...(values.json ? ['--json'] : [])], { configPath, stateDir: resolve(values['state-dir']!) })
    }
    default:
      console.error(`unknown command "${command}"\n\n${usage}`)
      return 64
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`watchtower: ${error.message}`)
      process.exit(64)
    }
    if (error instanceof ConfigError || (error instanceof WatchtowerError && error.name === 'ScenarioError')) console.error(error.message)
    else console.error(`watchtower: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(errorExitCode)
  },
)

// Last resort (a library throwing from a callback): one line, never a raw stack, and the UNKNOWN exit code.
process.on('uncaughtException', (error) => {
  const message = error instanceof Error ? error.message : String(error)
  console.error(`watchtower: unexpected error: ${message}`)
  // dynalite reports a LevelDB failure mid-run by throwing from a callback.
  if (/database|corrupt|LEVEL_/i.test(message))
    console.error(`the state dir ${resolve(values['state-dir']!)} may be damaged: move it aside to start afresh, or restore it from a backup`)
  if (process.env.WATCHTOWER_DEBUG) console.error(error)
  process.exit(errorExitCode)
})
