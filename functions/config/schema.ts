import { z } from 'zod'
import { addressSchema } from './addressSchema.js'
import { breakerSchema } from './breakerSchema.js'
import { chatopsSchema } from './chatopsSchema.js'
import { validateReferences } from './validateReferences.js'

/** The one source of truth for config types. Names here are user interface: keep them stable. */

const address = addressSchema

/** One check, one message (a URL check plus a scheme check reported a bad URL twice). */
const rpcUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}, 'must be an http(s) URL')

const rpcList = z.array(rpcUrl).min(1, 'needs at least one RPC URL')

const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the NAME of an environment variable (A-Z, 0-9, _), never the secret itself')

export const threshold = z
  .object({
    warn: z.number().positive(),
    crit: z.number().positive(),
  })
  .strict()
  .refine((t) => t.warn < t.crit, { message: 'warn must be lower than crit', path: ['warn'] })

/** Where less is worse (runway): crit below warn. */
export const runwayThreshold = z
  .object({
    warn: z.number().positive(),
    crit: z.number().positive(),
  })
  .strict()
  .refine((t) => t.crit < t.warn, { message: 'crit must be lower than warn (a runway: less is worse)', path: ['crit'] })

export const thresholdsSchema = z
  .object({
    liveness: threshold.optional(),
    sequencerLag: threshold.optional(),
    stateRootFinality: threshold.optional(),
    /** Age of the newest L2 block whose state root is final on L1 (anchor state). */
    stateRootFinalized: threshold.optional(),
    /** Blocks replaced by a reorg above the safe head (any replaced safe or finalized block is crit). */
    reorg: threshold.optional(),
    /** OP Stack: L1 head time − the L2's L1 origin time (default 50 % / 80 % of maxSequencerDrift); Arbitrum: l1BlockNumber lag (warn only). */
    l1Origin: threshold.optional(),
    /** Seconds of runway of the operator wallets' L1 balances (less is worse). */
    operatorBalance: runwayThreshold.optional(),
    /** Warn when the recent (10-min) user transactions per block fall under this share of the 6-h baseline; never crit. */
    throughput: z.object({ belowPercent: z.number().positive().max(100) }).strict().optional(),
    /** Age of the oldest L1→L2 message (deposit, delayed-inbox message, queued message) not yet on L2. */
    deposits: threshold.optional(),
  })
  .strict()

export const stackNames = ['op-stack', 'arbitrum', 'zksync', 'scroll', 'linea', 'evm'] as const
export type StackName = (typeof stackNames)[number]

const opStackContracts = z
  .object({
    systemConfig: address.optional(),
    optimismPortal: address.optional(),
    disputeGameFactory: address.optional(),
    anchorStateRegistry: address.optional(),
    l2OutputOracle: address.optional(),
  })
  .strict()

/** Alert engine settings; global under `alerts`, overridable per chain under `chains[].alerts`. */
export const alertsSchema = z
  .object({
    /** Consecutive observations a check must breach before it fires (one bad answer never pages). */
    for: z.number().int().min(1).optional(),
    /** Or: seconds a breach must last before it fires (whichever of `for` / `forSeconds` comes first). */
    forSeconds: z.number().int().min(0).optional(),
    /** Consecutive healthy observations before an incident resolves. */
    clearFor: z.number().int().min(1).optional(),
    /** Reminders while an incident stays open, in seconds (defaults 4 h warn, 30 min crit). */
    repeatInterval: z
      .object({ warn: z.number().int().positive().optional(), crit: z.number().int().positive().optional() })
      .strict()
      .optional(),
    /** Seconds an opening warn (or unknown) alert waits so other checks of the same chain firing meanwhile join its message; crit pages at once. */
    groupWait: z.number().int().min(0).optional(),
    /** Seconds every RPC of a chain must fail before `rpc-unavailable` fires. */
    rpcUnavailableAfter: z.number().int().min(0).optional(),
    /** Seconds an undelivered alert is retried before it is dropped (and logged). */
    deliveryExpiry: z.number().int().positive().optional(),
  })
  .strict()

const chainBase = {
  alerts: alertsSchema.optional(),
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug (a-z, 0-9, -)'),
  l2Rpc: rpcList,
  /** Optional op-node (rollup node) RPC; refines sequencer-lag with optimism_syncStatus. */
  opNodeRpc: rpcList.optional(),
  thresholds: thresholdsSchema.optional(),
  /** Block explorer base URL, used in messages. */
  explorer: z.string().url().optional(),
  /** Per-request RPC timeout in milliseconds. */
  rpcTimeoutMs: z.number().int().positive().max(60_000).optional(),
  /** Bounds for L1 eth_getLogs scans (public RPCs cap block ranges). */
  logScan: z
    .object({
      /** Blocks per eth_getLogs call to start with; halves automatically when a provider refuses. */
      maxRange: z.number().int().positive().optional(),
      /** How far back (blocks) a first scan looks for the newest event. */
      lookback: z.number().int().positive().optional(),
    })
    .strict()
    .optional(),
}

/** L1 wallets that keep the chain settled, watched by operator-balance (OP Stack discovers batcher and proposer). */
const operators = z
  .object({ batcher: address.optional(), proposer: address.optional(), validator: address.optional() })
  .strict()
  .optional()

const opStackChain = z
  .object({
    ...chainBase,
    stack: z.literal('op-stack'),
    operators,
    l1Rpc: rpcList,
    /** Seconds the L1 origin may trail the L2's blocks before the sequencer halts (rollup config; 1800 since Fjord, 600 before). */
    maxSequencerDrift: z.number().int().positive().optional(),
    contracts: opStackContracts.refine(
      (c) => Boolean(c.systemConfig || c.l2OutputOracle || (c.disputeGameFactory && c.optimismPortal)),
      'needs systemConfig (addresses are discovered from it), or disputeGameFactory + optimismPortal, or l2OutputOracle',
    ),
  })
  .strict()

const arbitrumChain = z
  .object({
    ...chainBase,
    stack: z.literal('arbitrum'),
    operators,
    l1Rpc: rpcList,
    contracts: z
      .object({
        bridge: address.optional(),
        rollup: address.optional(),
        sequencerInbox: address.optional(),
        inbox: address.optional(),
      })
      .strict()
      .refine((c) => Boolean(c.bridge || c.rollup), 'needs bridge (rollup and sequencerInbox are discovered from it) or rollup'),
  })
  .strict()

const zksyncChain = z
  .object({
    ...chainBase,
    stack: z.literal('zksync'),
    operators,
    l1Rpc: rpcList,
    /** RPC of the layer the chain settles on when getSettlementLayer() is non-zero (ZK Gateway). */
    settlementRpc: rpcList.optional(),
    contracts: z
      .object({ diamond: address, validatorTimelock: address.optional() })
      .strict(),
  })
  .strict()

const scrollChain = z
  .object({
    ...chainBase,
    stack: z.literal('scroll'),
    operators,
    l1Rpc: rpcList,
    contracts: z
      .object({
        scrollChain: address,
        /** Scroll's L1 SystemConfig (enforcedBatchParameters); optional, its address is UNVERIFIED in our sources. */
        systemConfig: address.optional(),
      })
      .strict(),
  })
  .strict()

const lineaChain = z
  .object({
    ...chainBase,
    stack: z.literal('linea'),
    operators,
    l1Rpc: rpcList,
    contracts: z
      .object({
        lineaRollup: address,
        /**
         * L2MessageService on the L2 (Linea mainnet 0x508Ca82Df566dCD1B0DE8296e70a96332cD644ec): its
         * lastAnchoredL1MessageNumber() rides in the L2 head batch for `deposits`; without it the check is absent.
         */
        l2MessageService: address.optional(),
      })
      .strict(),
  })
  .strict()

const evmChain = z
  .object({
    ...chainBase,
    stack: z.literal('evm'),
    l1Rpc: rpcList.optional(),
    contracts: z.object({}).strict().optional(),
  })
  .strict()

export const chainSchema = z.discriminatedUnion('stack', [opStackChain, arbitrumChain, zksyncChain, scrollChain, lineaChain, evmChain])

/** Which alerts a channel receives. */
const routing = {
  severities: z.array(z.enum(['warn', 'crit', 'unknown'])).min(1).optional(),
  chains: z.array(z.string()).min(1).optional(),
}

const slackSchema = z
  .object({
    ...routing,
    channel: z.string().min(1),
    tokenEnv: envVarName.default('SLACK_BOT_TOKEN'),
    apiUrl: z.string().url().optional(),
  })
  .strict()

const telegramSchema = z
  .object({
    ...routing,
    chatId: z.union([z.string().min(1), z.number().int()]).transform(String),
    tokenEnv: envVarName.default('TELEGRAM_BOT_TOKEN'),
    apiRoot: z.string().url().optional(),
  })
  .strict()

const pagerdutySchema = z
  .object({
    ...routing,
    /** Env var holding the Events API v2 integration (routing) key. */
    routingKeyEnv: envVarName,
    apiUrl: z.string().url().optional(),
  })
  .strict()

const discordSchema = z
  .object({
    ...routing,
    /** Env var holding the webhook URL (its path carries the webhook token). */
    webhookUrlEnv: envVarName,
  })
  .strict()

const webhookSchema = z
  .object({
    ...routing,
    /** Env var holding the URL to POST to. */
    urlEnv: envVarName,
    /** Env var holding the HMAC-SHA256 signing secret (header X-Watchtower-Signature). */
    secretEnv: envVarName.optional(),
  })
  .strict()

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    chains: z.array(chainSchema).min(1, 'configure at least one chain'),
    alerts: alertsSchema.optional(),
    breaker: breakerSchema.optional(),
    /** Act from the chat: ack, mute, status, pause, resume (functions/chatops/). */
    chatops: chatopsSchema.optional(),
    notify: z
      .object({
        slack: slackSchema.optional(),
        telegram: telegramSchema.optional(),
        pagerduty: pagerdutySchema.optional(),
        discord: discordSchema.optional(),
        webhook: webhookSchema.optional(),
      })
      .strict()
      .nullish()
      // `notify:` with only commented-out channels parses as null: same as no channels.
      .transform((notify) => notify ?? {}),
  })
  .strict()
  // Cross-references run even when some part is malformed: every problem in one round.
  .superRefine((config, ctx) => validateReferences(config, ctx), { when: () => true })

export type WatchtowerConfig = z.output<typeof configSchema>
export type WatchtowerConfigInput = z.input<typeof configSchema>
export type ChainConfig = z.output<typeof chainSchema>
export type OpStackChainConfig = Extract<ChainConfig, { stack: 'op-stack' }>
export type EvmChainConfig = Extract<ChainConfig, { stack: 'evm' }>
export type ArbitrumChainConfig = Extract<ChainConfig, { stack: 'arbitrum' }>
export type ZksyncChainConfig = Extract<ChainConfig, { stack: 'zksync' }>
export type ScrollChainConfig = Extract<ChainConfig, { stack: 'scroll' }>
export type LineaChainConfig = Extract<ChainConfig, { stack: 'linea' }>
export type Threshold = z.output<typeof threshold>
export type ThroughputThreshold = NonNullable<z.output<typeof thresholdsSchema>['throughput']>
export type AlertsConfig = z.output<typeof alertsSchema>
export type ThresholdsConfig = z.output<typeof thresholdsSchema>
export type SlackConfig = z.output<typeof slackSchema>
export type TelegramConfig = z.output<typeof telegramSchema>
export type PagerdutyConfig = z.output<typeof pagerdutySchema>
export type DiscordConfig = z.output<typeof discordSchema>
export type WebhookConfig = z.output<typeof webhookSchema>
