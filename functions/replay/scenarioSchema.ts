import { z } from 'zod'
import { alertsSchema, stackNames, thresholdsSchema } from '../config/schema.js'
import { checkNames } from '../types.js'
import { parseDuration } from './parseDuration.js'

/**
 * A replay scenario (`replay/<name>.yaml`): the chains, a timeline of events, and what the watchtower must do.
 * Names here are user interface, like the config's: keep them stable.
 */

/** `90m`, `20s`, `1h30m`, `7d` or seconds → seconds. */
export const duration = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const seconds = parseDuration(value)
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (e.g. 20s, 90m, 1h30m, 7d, or seconds)` })
      return z.NEVER
    }
    return seconds
  })

const positiveDuration = duration.refine((seconds) => seconds > 0, 'must be longer than 0 s')

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug (a-z, 0-9, -)')

const chainSchema = z
  .object({
    name: slug,
    stack: z.enum(stackNames),
    /** Seconds between L2 blocks. */
    blockTime: positiveDuration,
    /** Seconds between batches posted to L1 (the safe head follows them); required on stacks that post batches. */
    batchEvery: positiveDuration.optional(),
    /** Seconds between state roots (dispute games, assertions, proofs) on L1; required on stacks that post roots. */
    rootEvery: positiveDuration.optional(),
    /** OP Stack: how far the L1 origin may trail before the sequencer halts (600 s before Fjord, 1800 s since). */
    maxSequencerDrift: positiveDuration.optional(),
    /** L2 RPC endpoints in front of the chain's node (rpc-* events pick one by `index`). Default 1. */
    rpcs: z.number().int().min(1).max(5).default(1),
  })
  .strict()

const at = { at: duration, chain: z.string() }

const simple = <const Name extends string>(name: Name) => z.object({ ...at, do: z.literal(name) }).strict()
const rpcEvent = <const Name extends string>(name: Name) => z.object({ ...at, do: z.literal(name), index: z.number().int().min(0).default(0) }).strict()

const eventSchema = z.discriminatedUnion('do', [
  simple('head-halt'),
  /** backfill: the sequencer releases the halted stretch as a burst of evenly timestamped blocks (OP Stack does). */
  z.object({ ...at, do: z.literal('head-resume'), backfill: z.boolean().default(false) }).strict(),
  simple('batches-stop'),
  simple('batches-resume'),
  simple('roots-stop'),
  simple('roots-resume'),
  simple('root-invalid'),
  /** depth blocks replaced; belowSafe: the replaced stretch reaches below the safe head. */
  z.object({ ...at, do: z.literal('reorg'), depth: z.number().int().min(1).max(64), belowSafe: z.boolean().default(false) }).strict(),
  rpcEvent('rpc-stuck'),
  rpcEvent('rpc-down'),
  rpcEvent('rpc-future'),
  rpcEvent('rpc-recover'),
  simple('l1-origin-freeze'),
  simple('l1-origin-resume'),
  /** An L1→L2 deposit the sequencer does not include until deposit-resume. */
  simple('deposit-stuck'),
  simple('deposit-resume'),
  /** Blocks keep coming with no user transactions, until empty-blocks-end. */
  simple('empty-blocks'),
  simple('empty-blocks-end'),
  z.object({ ...at, do: z.literal('balance-drain'), account: z.enum(['batcher', 'proposer']).default('batcher') }).strict(),
  z.object({ ...at, do: z.literal('game-type-switch'), gameType: z.number().int().min(0).default(1) }).strict(),
])

export const eventNames = eventSchema.options.map((option) => option.shape.do.value)
export type ScenarioEvent = z.output<typeof eventSchema>
export type EventName = ScenarioEvent['do']

const severity = z.enum(['warn', 'crit', 'unknown'])

const checkExpectation = z
  .object({
    check: z.string().refine((name) => (checkNames as readonly string[]).includes(name), { message: `must be one of ${checkNames.join(', ')}` }),
    status: severity,
    /** Only this chain (default: any). */
    chain: z.string().optional(),
    /** The first alert at `status` (or worse) reaches a channel before this time into the scenario. */
    before: duration.optional(),
    /** The first alert at `status` reaches a channel within this long after the threshold was crossed. */
    within: duration.optional(),
  })
  .strict()

const pagesExpectation = z
  .object({
    /** Alert messages (open, escalation, reminder) per channel; resolutions and breaker announcements aside. */
    pages: z.object({ atMost: z.number().int().min(0) }).strict(),
  })
  .strict()

const falsePagesExpectation = z.object({ falsePages: z.object({ atMost: z.number().int().min(0) }).strict() }).strict()

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: slug,
    about: z.string().min(1),
    /** Where the incident is told (post-mortem, status page). */
    source: z.string().optional(),
    duration: positiveDuration,
    /** Seconds between ticks on quiet stretches; incident windows tick at the poll interval. Default 15 s. */
    tickEvery: positiveDuration.optional(),
    /**
     * Long incidents: ticks follow the poll interval only this long after the trouble starts and from a minute
     * before it ends, `tickEvery` between (alerts there land at that coarser pace). Default: the whole window.
     */
    denseFor: positiveDuration.optional(),
    /** Block-time, batch and root jitter (seeded: every replay of a file is the same). */
    jitter: z.boolean().default(false),
    chains: z.array(chainSchema).min(1, 'needs at least one chain'),
    /** Merged into the generated watchtower config. */
    config: z
      .object({
        alerts: alertsSchema.optional(),
        thresholds: thresholdsSchema.optional(),
        /** Breaker actions in shadow mode; default one per chain on [liveness, state-root-validity] crit. */
        breaker: z.object({ actions: z.array(z.record(z.string(), z.unknown())).optional() }).strict().optional(),
      })
      .strict()
      .default({}),
    events: z.array(eventSchema).default([]),
    expect: z.array(z.union([checkExpectation, pagesExpectation, falsePagesExpectation])).default([]),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    for (const issue of scenarioCrossReferences(scenario)) ctx.addIssue({ code: 'custom', ...issue })
  })

type Loose = Record<string, unknown>
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.map((item) => (item && typeof item === 'object' ? (item as Loose) : {})) : [])

/**
 * Cross-references (event chains, RPC indexes, time order), on a validated scenario or on a broken one's raw
 * YAML, so that a file with structural errors still hears about these in the same round.
 */
export function scenarioCrossReferences(raw: unknown): { path: (string | number)[]; message: string }[] {
  const scenario = raw && typeof raw === 'object' ? (raw as Loose) : {}
  const issues: { path: (string | number)[]; message: string }[] = []
  const chains = new Map<string, Loose>()
  list(scenario.chains).forEach((chain, i) => {
    if (typeof chain.name !== 'string') return
    if (chains.has(chain.name)) issues.push({ path: ['chains', i, 'name'], message: `chain "${chain.name}" is listed twice` })
    chains.set(chain.name, chain)
  })
  const end = parseDuration(scenario.duration)
  const events = list(scenario.events)
  let previousAt: number | undefined
  events.forEach((event, i) => {
    const chain = typeof event.chain === 'string' ? chains.get(event.chain) : undefined
    if (typeof event.chain === 'string' && !chain)
      issues.push({ path: ['events', i, 'chain'], message: `no chain named "${event.chain}" (have ${[...chains.keys()].join(', ') || 'none'})` })
    const at = parseDuration(event.at)
    if (at !== undefined && end !== undefined && at > end) issues.push({ path: ['events', i, 'at'], message: `is after the end of the scenario (${end} s)` })
    if (at !== undefined && previousAt !== undefined && at < previousAt) issues.push({ path: ['events', i, 'at'], message: 'events must be in time order' })
    if (at !== undefined) previousAt = at
    const rpcs = typeof chain?.rpcs === 'number' ? chain.rpcs : 1
    if (chain && typeof event.index === 'number' && event.index >= rpcs)
      issues.push({ path: ['events', i, 'index'], message: `chain "${String(chain.name)}" has ${rpcs} RPC${rpcs === 1 ? '' : 's'} (index 0–${rpcs - 1}); set its rpcs` })
  })
  list(scenario.expect).forEach((expectation, i) => {
    if (typeof expectation.chain === 'string' && !chains.has(expectation.chain)) issues.push({ path: ['expect', i, 'chain'], message: `no chain named "${expectation.chain}"` })
    if (expectation.before !== undefined && expectation.within !== undefined) issues.push({ path: ['expect', i], message: 'set before or within, not both' })
  })
  return issues
}

export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioChain = Scenario['chains'][number]
export type Expectation = Scenario['expect'][number]
export type CheckExpectation = Extract<Expectation, { check: string }>

/** JSON Schema of a scenario file (input side), for editors: config/scenario.schema.json. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }), title: 'L2 Watchtower replay scenario' }
}
