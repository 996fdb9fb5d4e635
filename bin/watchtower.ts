import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from '../functions/config/ConfigError.js'
import { loadConfig, resolveConfigPath } from '../functions/config/loadConfig.js'
import { toJsonSchema } from '../functions/config/toJsonSchema.js'
import { formatSeconds } from '../functions/checks/formatSeconds.js'
import { formatStatusTable } from '../functions/report/formatStatusTable.js'
import { createRuntime, type Runtime } from '../functions/runtime/createRuntime.js'
import { runTick, systemClock, type TickResult } from '../functions/tick.js'
import { statusExitCode } from '../functions/types.js'

const usage = `watchtower — L2 execution-risk monitor

Usage:
  watchtower run      [--interval SECONDS] [--json]   poll every chain forever (default every 15 s)
  watchtower check    --once [--json]                 one full tick; exit code = worst status
  watchtower status   [--json]                        stored status per chain×check and heartbeat age
  watchtower validate                                 validate the config and exit
  watchtower schema                                   print the config's JSON Schema

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
  for (const delivery of result.deliveries) if (!delivery.ok) console.error(`! ${delivery.channel}: ${delivery.error}`)
}

async function withRuntime<T>(configPath: string, fn: (runtime: Runtime) => Promise<T>, options: { quietConsole?: boolean } = {}): Promise<T> {
  const config = loadConfig(configPath)
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
        const [states, heartbeat] = await Promise.all([runtime.store.getCheckStates(), runtime.store.getHeartbeat()])
        const now = systemClock()
        const heartbeatAge = heartbeat ? now - heartbeat.at : null
        if (values.json) {
          console.log(JSON.stringify({ heartbeat: heartbeat ? { at: heartbeat.at, age: heartbeatAge } : null, states: [...states.values()] }))
          return 0
        }
        console.log(heartbeat ? `last tick ${formatSeconds(heartbeatAge!)} ago (${new Date(heartbeat.at * 1000).toISOString()})` : 'no tick has run yet')
        const results = heartbeat?.results ?? []
        if (results.length === 0) return 0
        console.log(
          formatStatusTable(results, (verdict) => {
            const state = states.get(`${verdict.chain}#${verdict.check}`)
            return state ? `[since ${formatSeconds(now - state.since)}] ` : ''
          }),
        )
        return 0
      })
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
