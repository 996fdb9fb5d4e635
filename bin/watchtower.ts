import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from '../functions/config/ConfigError.js'
import { breakerUsage } from './breakerUsage.js'
import { loadConfig, resolveConfigPath } from '../functions/config/loadConfig.js'
import { toJsonSchema } from '../functions/config/toJsonSchema.js'
import { formatSeconds } from '../functions/checks/formatSeconds.js'
import { formatStatusTable } from '../functions/report/formatStatusTable.js'
import type { Runtime } from '../functions/runtime/createRuntime.js'
import type { TickResult } from '../functions/tick.js'
import { systemClock } from '../functions/systemClock.js'
import { checkNames, statusExitCode } from '../functions/types.js'
import { isMuted } from '../functions/alerts/Mute.js'
import { parseDuration } from '../functions/alerts/parseDuration.js'

const usage = `watchtower — L2 execution-risk monitor

Usage:
  watchtower run      [--interval SECONDS] [--json]   poll every chain forever (default every 15 s)
  watchtower check    --once [--json]                 one full tick; exit code = worst status
  watchtower status   [--json]                        stored status per chain×check, incidents, acks, mutes, heartbeat age
  watchtower ack      CHAIN [CHECK]                   acknowledge open incidents: no reminders until worse or resolved
  watchtower mute     CHAIN|all [CHECK] --for 2h      silence delivery (still recorded) until it expires
  watchtower unmute   CHAIN|all [CHECK]               lift a mute
  watchtower validate                                 validate the config and exit
  watchtower schema                                   print the config's JSON Schema

${breakerUsage}

Options (every command):
  --config PATH      config file (default ./watchtower.config.yaml, else the bundled config/mainnet.yaml)
  --state-dir DIR    where the embedded DynamoDB keeps its data (default .watchtower/)

Exit codes (check): 0 ok, 1 warn, 2 crit, 3 unknown or error.`

/** Config errors and unexpected failures exit like an UNKNOWN check: a monitor that cannot judge says so. */
const errorExitCode = 3

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    'state-dir': { type: 'string', default: '.watchtower' },
    interval: { type: 'string', default: '15' },
    for: { type: 'string' },
    once: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

const command = positionals[0]

function printTick(result: TickResult, json: boolean): void {
  if (json) {
    const results = result.results.map(({ chain, check, status, value, unit, reason, threshold }) => ({ chain, check, status, value, unit, reason, threshold }))
    console.log(JSON.stringify({ at: result.at, worst: result.worst, results }))
    return
  }
  console.log(`\n${new Date(result.at * 1000).toISOString()}  worst: ${result.worst.toUpperCase()}  (${result.durationMs} ms)`)
  console.log(formatStatusTable(result.results))
  for (const delivery of result.deliveries) if (delivery.result !== 'sent') console.error(`! ${delivery.channel}: ${delivery.error}`)
}

async function withRuntime<T>(configPath: string, fn: (runtime: Runtime) => Promise<T>, options: { quietConsole?: boolean } = {}): Promise<T> {
  const config = loadConfig(configPath)
  // Chain clients, AWS SDK and chat clients load only for commands that need them (quick --help, validate).
  const { createRuntime } = await import('../functions/runtime/createRuntime.js')
  const runtime = await createRuntime({
    config,
    store: { kind: 'embedded', stateDir: resolve(values['state-dir']!) },
    // With --json, stdout carries only JSON: status-change lines go to stderr.
    consoleWrite: options.quietConsole ? (line) => console.error(line) : undefined,
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

/** A typo in an ack or mute must not silently match nothing. */
function knownTarget(runtime: Runtime, chain: string, check: string | undefined): void {
  if (chain !== '*' && !runtime.config.chains.some((c) => c.name === chain))
    throw new Error(`no configured chain is named "${chain}" (have ${runtime.config.chains.map((c) => c.name).join(', ')})`)
  if (check && !(checkNames as readonly string[]).includes(check)) throw new Error(`no check is named "${check}" (have ${checkNames.join(', ')})`)
}

async function main(): Promise<number> {
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
      const interval = Number(values.interval)
      if (!Number.isFinite(interval) || interval < 1) {
        console.error(`--interval must be a number of seconds ≥ 1, got "${values.interval}"`)
        return 64
      }
      return withRuntime(
        configPath,
        async (runtime) => {
          const { runTick } = await import('../functions/tick.js')
          console.error(`watching ${runtime.config.chains.map((c) => c.name).join(', ')} every ${interval} s (config ${configPath}); Ctrl-C to stop`)
          let stopping = false
          let wake: (() => void) | undefined
          const stop = () => {
            stopping = true
            wake?.()
          }
          process.once('SIGINT', stop)
          process.once('SIGTERM', stop)
          while (!stopping) {
            const started = Date.now()
            try {
              printTick(await runTick(runtime), values.json!)
            } catch (error) {
              // A failing store or bug must be loud, but the loop keeps watching.
              console.error(`! tick failed: ${error instanceof Error ? error.message : String(error)}`)
            }
            const wait = Math.max(0, interval * 1000 - (Date.now() - started))
            await new Promise<void>((resolveWait) => {
              wake = resolveWait
              setTimeout(resolveWait, wait).unref()
            })
          }
          return 0
        },
        { quietConsole: values.json! },
      )
    }
    case 'status': {
      return withRuntime(configPath, async (runtime) => {
        const [states, heartbeat, allMutes] = await Promise.all([runtime.store.getCheckStates(), runtime.store.getHeartbeat(), runtime.store.getMutes()])
        const now = systemClock()
        const mutes = allMutes.filter((mute) => mute.until > now)
        const heartbeatAge = heartbeat ? now - heartbeat.at : null
        if (values.json) {
          console.log(JSON.stringify({ heartbeat: heartbeat ? { at: heartbeat.at, age: heartbeatAge } : null, states: [...states.values()], mutes }))
          return 0
        }
        for (const mute of mutes)
          console.log(`muted: ${mute.chain === '*' ? 'all chains' : mute.chain} ${mute.check === '*' ? '(every check)' : mute.check} for another ${formatSeconds(mute.until - now)}`)
        console.log(heartbeat ? `last tick ${formatSeconds(heartbeatAge!)} ago (${new Date(heartbeat.at * 1000).toISOString()})` : 'no tick has run yet')
        const results = heartbeat?.results ?? []
        if (results.length === 0) return 0
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
        return 0
      })
    }
    case 'ack': {
      const [, chain, check] = positionals
      if (!chain) return usageError('watchtower ack CHAIN [CHECK]')
      return withRuntime(configPath, async (runtime) => {
        knownTarget(runtime, chain, check)
        const { acknowledge } = await import('../functions/alerts/acknowledge.js')
        const acked = await acknowledge(runtime.store, { chain, ...(check ? { check } : {}), now: systemClock() })
        console.log(acked.length > 0 ? `acknowledged: ${acked.join(', ')}` : `no open, unacknowledged incident on ${chain}${check ? ` ${check}` : ''}`)
        return 0
      })
    }
    case 'mute': {
      const [, target, check] = positionals
      const seconds = values.for ? parseDuration(values.for) : undefined
      if (!target || !seconds) return usageError('watchtower mute CHAIN|all [CHECK] --for DURATION (e.g. 30m, 2h, 1d)')
      return withRuntime(configPath, async (runtime) => {
        const chain = target === 'all' ? '*' : target
        knownTarget(runtime, chain, check)
        const now = systemClock()
        await runtime.store.putMute({ chain, check: check ?? '*', until: now + seconds, createdAt: now })
        console.log(`muted ${target}${check ? ` ${check}` : ''} for ${formatSeconds(seconds)} (until ${new Date((now + seconds) * 1000).toISOString()}); alerts are still recorded`)
        return 0
      })
    }
    case 'unmute': {
      const [, target, check] = positionals
      if (!target) return usageError('watchtower unmute CHAIN|all [CHECK]')
      return withRuntime(configPath, async (runtime) => {
        const removed = await runtime.store.deleteMute(target === 'all' ? '*' : target, check ?? '*')
        console.log(removed ? `unmuted ${target}${check ? ` ${check}` : ''}` : `no mute on ${target}${check ? ` ${check}` : ''}`)
        return removed ? 0 : 1
      })
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
    if (error instanceof ConfigError) console.error(error.message)
    else console.error(`watchtower: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(errorExitCode)
  },
)
