// Scenario files and the pure parts of a replay (tick plan, report): no devnet starts here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildReplayReport } from '../../functions/replay/buildReplayReport.js'
import { bundledScenarioNames, loadScenario, parseScenario, ScenarioError } from '../../functions/replay/loadScenario.js'
import { incidentWindows, planTicks } from '../../functions/replay/planTicks.js'
import { replayProblems } from '../../functions/replay/replayProblems.js'
import { stackNames } from '../../functions/config/schema.js'
import { replayDrivers } from '../../functions/replay/replayDrivers.js'
import { runWatchtower } from '../cli/runWatchtower.js'
import { incidentFileOf } from './replayBundledIncidents.js'

const dir = mkdtempSync(join(tmpdir(), 'watchtower-replay-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const minimal = (extra = '') => `name: t\nabout: a test\nduration: 1h\nchains:\n  - { name: op, stack: op-stack, blockTime: 2, batchEvery: 2m, rootEvery: 1h }\n${extra}`

describe('scenario files', () => {
  it('reject every problem at once, each with its path, before any devnet starts', async () => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(
      file,
      [
        'name: bad',
        'about: broken on purpose',
        'duration: 90 minutes',
        'chains:',
        '  - { name: base, stack: op-stack, blockTime: 2, batchEvery: 120, rootEvery: 3600 }',
        'events:',
        '  - { at: 20m, chain: base, do: l1-origin-frozen }',
        '  - { at: 3x, chain: base, do: head-halt }',
        '  - { at: 40m, chain: bsae, do: rpc-down, index: 0 }',
        'expect:',
        '  - { check: livenes, status: crit, within: 20s }',
      ].join('\n'),
    )
    const { code, stdout, stderr } = await runWatchtower(['replay', file], dir, 60_000)
    expect(code).not.toBe(0)
    expect(stdout).toBe('')
    for (const line of [
      'duration: "90 minutes" is not a duration',
      'events[0].do: unknown event "l1-origin-frozen"',
      'events[1].at: "3x" is not a duration',
      'events[2].chain: no chain named "bsae"',
      'expect[0].check: must be one of liveness',
    ])
      expect(stderr).toContain(line)
    expect(stderr).toContain('5 problems')
    expect(stderr).not.toMatch(/starting devnets/)
  })

  it('refuse an event its stack cannot express and a missing cadence, with their paths, before any devnet starts', async () => {
    const file = join(dir, 'unsupported.yaml')
    writeFileSync(
      file,
      [
        'name: unsupported',
        'about: an OP Stack event on Arbitrum, and an OP Stack chain without its root cadence',
        'duration: 1h',
        'chains:',
        '  - { name: arb, stack: arbitrum, blockTime: 0.25, batchEvery: 4m, rootEvery: 1h }',
        '  - { name: op, stack: op-stack, blockTime: 2, batchEvery: 2m }',
        '  - { name: plain, stack: evm, blockTime: 5 }',
        'events:',
        '  - { at: 20m, chain: arb, do: game-type-switch }',
        '  - { at: 30m, chain: arb, do: head-halt }',
      ].join('\n'),
    )
    const { code, stdout, stderr } = await runWatchtower(['replay', file], dir, 60_000)
    expect(code).toBe(3)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/events\[0\]\.do: game-type-switch cannot be replayed on arbitrum/)
    expect(stderr).toContain('chains[1].rootEvery: op-stack posts state roots to L1: set rootEvery')
    expect(stderr).toContain('2 problems')
    expect(stderr).not.toMatch(/starting devnets/)
    expect(replayProblems(parseScenario(minimal()))).toEqual([])
  })

  it('every stack has a replay driver (a stack without a row would be refused with its path)', () => {
    expect(stackNames.filter((stack) => !replayDrivers[stack])).toEqual([])
  })

  it("refuse, before any devnet starts, an event the chain's stack cannot express (its registry row)", () => {
    const scenario = parseScenario(
      [
        'name: t',
        'about: events the ZK devnets cannot express',
        'duration: 1h',
        'chains:',
        '  - { name: zk, stack: zksync, blockTime: 1, batchEvery: 5m, rootEvery: 30m }',
        '  - { name: scroll, stack: scroll, blockTime: 3, batchEvery: 5m, rootEvery: 1h }',
        '  - { name: linea, stack: linea, blockTime: 1, batchEvery: 5m, rootEvery: 1h }',
        'events:',
        '  - { at: 10m, chain: zk, do: game-type-switch }',
        '  - { at: 10m, chain: scroll, do: root-invalid }',
        '  - { at: 10m, chain: linea, do: l1-origin-freeze }',
        '  - { at: 10m, chain: zk, do: root-invalid }',
        '  - { at: 10m, chain: scroll, do: deposit-stuck }',
        '  - { at: 10m, chain: linea, do: balance-drain }',
      ].join('\n'),
    )
    expect(replayProblems(scenario).map((problem) => `${problem.path}: ${problem.message.split(' (')[0]}`)).toEqual([
      'events[0].do: game-type-switch cannot be replayed on zksync',
      'events[1].do: root-invalid cannot be replayed on scroll',
      'events[2].do: l1-origin-freeze cannot be replayed on linea',
    ])
  })

  it('checks RPC indexes, event order and chains of a well-formed file', () => {
    const error = (() => {
      try {
        parseScenario(minimal('events:\n  - { at: 30m, chain: op, do: rpc-down, index: 1 }\n  - { at: 10m, chain: op, do: head-halt }\n  - { at: 2h, chain: op, do: head-resume }\n'))
      } catch (caught) {
        return caught as ScenarioError
      }
    })()
    expect(error).toBeInstanceOf(ScenarioError)
    expect(error!.issues.map((issue) => issue.path)).toEqual(['events[0].index', 'events[1].at', 'events[2].at'])
  })

  it('parses durations and defaults', () => {
    const scenario = parseScenario(minimal('events:\n  - { at: 1m30s, chain: op, do: head-resume }\n'))
    expect(scenario.duration).toBe(3600)
    expect(scenario.events[0]).toEqual({ at: 90, chain: 'op', do: 'head-resume', backfill: false })
    expect(scenario.chains[0]!.rpcs).toBe(1)
  })

  it('every bundled scenario is valid, and every incident is replayed by one of the incident test files', () => {
    expect(bundledScenarioNames()).toContain('base-2023-09-05')
    for (const name of bundledScenarioNames()) expect(loadScenario(name).scenario.name).toBe(name)
    const spread = bundledScenarioNames().filter((name) => !name.startsWith('quiet-7d-') && !incidentFileOf(loadScenario(name).scenario.chains.map((chain) => chain.stack)))
    expect(spread).toEqual([])
  })
})

describe('tick plan and report (pure)', () => {
  const scenario = parseScenario(minimal('tickEvery: 10m\nevents:\n  - { at: 20m, chain: op, do: head-halt }\n  - { at: 25m, chain: op, do: head-resume }\n'))

  it('ticks at the poll interval around incidents and sparsely elsewhere', () => {
    const ticks = planTicks(scenario, 15)
    expect(ticks.slice(0, 3)).toEqual([0, 600, 1140])
    expect(ticks).toContain(1200)
    expect(ticks.filter((t) => t >= 1140 && t <= 1800).every((t, i, all) => i === 0 || t - all[i - 1]! === 15)).toBe(true)
    expect(ticks.at(-1)).toBe(3600)
    expect(incidentWindows(scenario)).toEqual([{ chain: 'op', from: 1200, to: 3300, endedAt: 1500, events: ['head-halt', 'head-resume'] }])
  })

  it('with denseFor, ticks at the poll interval only after the trouble starts and around its end, tickEvery between', () => {
    const long = parseScenario(minimal('tickEvery: 10m\ndenseFor: 5m\nevents:\n  - { at: 10m, chain: op, do: head-halt }\n  - { at: 50m, chain: op, do: head-resume }\n'))
    const ticks = planTicks(long, 15)
    const steps = (from: number, to: number) => ticks.filter((t) => t >= from && t <= to).every((t, i, all) => i === 0 || t - all[i - 1]! === 15)
    expect(steps(540, 900)).toBe(true) // a minute before the halt to 5 min after it
    expect(ticks.filter((t) => t > 900 && t < 2940)).toEqual([915, 1515, 2115, 2715])
    expect(steps(2940, 3300)).toBe(true) // a minute before the resume to 5 min after it
    expect(ticks.slice(-2)).toEqual([3315, 3600])
    // A window shorter than denseFor and its margins is dense throughout, as without it.
    const short = parseScenario(minimal('tickEvery: 10m\ndenseFor: 20m\nevents:\n  - { at: 20m, chain: op, do: head-halt }\n  - { at: 25m, chain: op, do: head-resume }\n'))
    expect(planTicks(short, 15)).toEqual(planTicks({ ...short, denseFor: undefined }, 15))
  })

  it('times the crossing, the first alert and its latency; counts pages per channel and false pages', () => {
    const verdict = (status: 'ok' | 'warn' | 'crit', value: number) => ({ chain: 'op', check: 'liveness', status, value, threshold: { warn: 30, crit: 120 } })
    const report = buildReplayReport(
      { ...scenario, expect: [{ check: 'liveness', status: 'crit', within: 20 }, { pages: { atMost: 1 } }, { falsePages: { atMost: 0 } }] },
      {
        ticks: [
          { at: 1200, verdicts: [verdict('ok', 10)], alerts: [], deliveries: [], breaker: [] },
          { at: 1335, verdicts: [verdict('crit', 130)], alerts: [{ id: 'op#liveness#v2', chain: 'op', check: 'liveness', kind: 'open', status: 'crit' }], deliveries: [], breaker: [] },
          { at: 1350, verdicts: [verdict('crit', 145)], alerts: [], deliveries: [{ channel: 'slack', chain: 'op', ids: ['op#liveness#v2'], result: 'sent' }], breaker: [{ action: 'pause-op', decision: 'would-pause' }] },
          { at: 3500, verdicts: [verdict('ok', 1)], alerts: [{ id: 'op#liveness#v3', chain: 'op', check: 'liveness', kind: 'remind', status: 'crit' }], deliveries: [{ channel: 'slack', chain: 'op', ids: ['op#liveness#v3'], result: 'sent' }], breaker: [] },
        ],
        windows: incidentWindows(scenario),
        channels: ['slack', 'telegram'],
        wallSeconds: 1,
      },
    )
    expect(report.checks.find((t) => t.status === 'crit')).toEqual({ chain: 'op', check: 'liveness', status: 'crit', crossedAt: 1325, firstAlertAt: 1350, latency: 25 })
    expect(report.pages).toEqual({ slack: 2, telegram: 0 })
    expect(report.falsePages).toEqual([{ channel: 'slack', chain: 'op', at: 3500, alerts: ['liveness crit'] }])
    expect(report.breaker).toEqual([{ action: 'pause-op', decision: 'would-pause', at: 1350 }])
    expect(report.expectations.map((result) => result.met)).toEqual([false, false, false])
    expect(report.ok).toBe(false)
  })
})
