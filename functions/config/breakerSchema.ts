import { z } from 'zod'
import { addressSchema } from './addressSchema.js'
import { checkNames } from '../types.js'

/**
 * The `breaker` section: on-chain pause transactions fired on confirmed risk. Names here are user interface.
 *
 *   breaker:
 *     mode: shadow                 # off | shadow (default: decide, record, announce "would pause") | armed
 *     signer:
 *       kms: { keyId: "arn:aws:kms:…" }   # or keyIdEnv: WATCHTOWER_BREAKER_KMS_KEY_ID
 *       # privateKeyEnv: PAUSER_KEY  # devnets only; refused on known mainnet chain ids unless allowMainnetKey
 *     actions:
 *       - name: pause-perps-op
 *         chain: op-mainnet
 *         checks: [liveness, sequencer-lag]
 *         severity: crit
 *         for: 3
 *         target: { chain: l2, address: "0x…", function: "pause()", pausedView: "paused()" }
 *         route: direct | l1-inbox | both
 *         grace: 3600
 */

const address = addressSchema

const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the NAME of an environment variable (A-Z, 0-9, _), never the secret itself')

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug (a-z, 0-9, -)')

/** `pause()`, `setPaused(bool)`, `pause(uint256)`: a function name and its parameter types, no names. */
const functionSignature = z
  .string()
  .regex(
    /^[A-Za-z_$][A-Za-z0-9_$]*\(\s*([a-z0-9]+(\[\d*\])*(\s*,\s*[a-z0-9]+(\[\d*\])*)*)?\s*\)$/,
    'must be a Solidity function signature such as "pause()" or "setPaused(bool)"',
  )

const argument = z.union([z.string(), z.number(), z.boolean()])

/** Ether amounts as decimal strings (or numbers): "0.05". */
const etherAmount = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine((value) => /^\d+(\.\d{1,18})?$/.test(value), 'must be an ether amount such as "0.05"')

export const breakerModes = ['off', 'shadow', 'armed'] as const
export type BreakerMode = (typeof breakerModes)[number]
export const breakerRoutes = ['direct', 'l1-inbox', 'both'] as const
export type BreakerRoute = (typeof breakerRoutes)[number]

const kmsSigner = z
  .object({
    kms: z
      .object({
        /** Key id, key ARN, alias (`alias/name`) or alias ARN of an ECC_SECG_P256K1 SIGN_VERIFY key. */
        keyId: z.string().min(1).optional(),
        /**
         * Or the name of an environment variable holding it: the CDK stack creates the key and sets
         * WATCHTOWER_BREAKER_KMS_KEY_ID on the tick function.
         */
        keyIdEnv: envVarName.optional(),
        /** Defaults to the region in a key ARN, else the SDK's own resolution (AWS_REGION). */
        region: z.string().min(1).optional(),
        /** A KMS-compatible endpoint (LocalStack, a proxy); AWS itself when omitted. */
        endpoint: z.string().url().optional(),
      })
      .strict()
      .refine((kms) => (kms.keyId === undefined) !== (kms.keyIdEnv === undefined), 'set exactly one of keyId and keyIdEnv'),
  })
  .strict()

const privateKeySigner = z
  .object({
    /** Name of the environment variable holding a hex private key. For devnets and testnets. */
    privateKeyEnv: envVarName,
    /** A private key is refused on known mainnet chain ids unless this is true. */
    allowMainnetKey: z.boolean().default(false),
  })
  .strict()

export const breakerSignerSchema = z.union([kmsSigner, privateKeySigner], {
  error: 'signer needs either kms: { keyId } or privateKeyEnv',
})

export const breakerTargetSchema = z
  .object({
    /** `l2` (the watched chain), `l1` (its settlement layer) or the name of another configured chain. */
    chain: z.string().min(1).default('l2'),
    address,
    function: functionSignature.default('pause()'),
    /** Arguments for `function`, when it takes any (numbers as strings for big values). */
    args: z.array(argument).optional(),
    /** A view returning bool, read before sending; `false` where the contract has none. */
    pausedView: z.union([functionSignature, z.literal(false)]).default('paused()'),
    /** What `watchtower breaker resume ACTION` calls. */
    unpause: functionSignature.default('unpause()'),
    unpauseArgs: z.array(argument).optional(),
    /**
     * Gas limit of the call itself. For l1-inbox routes this is the L2 gas the deposit / signed transaction
     * buys (default: twice the L2 estimate, at least 100k; 200k when the L2 cannot be asked).
     */
    gasLimit: z.number().int().min(21_000).max(30_000_000).optional(),
  })
  .strict()

export const breakerActionSchema = z
  .object({
    name: slug,
    /** The watched chain whose checks trigger this action. */
    chain: z.string().min(1),
    checks: z
      .array(z.enum(checkNames))
      .min(1, 'list at least one check')
      .refine((checks) => new Set(checks).size === checks.length, 'lists a check twice'),
    /** Minimum severity. */
    severity: z.enum(['warn', 'crit']).default('crit'),
    /** Consecutive observations at or above the severity (default 3 when forSeconds is not set either). */
    for: z.number().int().min(1).optional(),
    /** Seconds the severity must have held (together with `for` when both are set). */
    forSeconds: z.number().int().min(0).optional(),
    target: breakerTargetSchema,
    /** Default: `both` for liveness on the watched L2 of an OP Stack or Arbitrum chain, else `direct`. */
    route: z.enum(breakerRoutes).optional(),
    /**
     * OptimismPortal (OP Stack) or delayed Inbox (Arbitrum) for l1-inbox routes. Default: the chain's
     * contracts.optimismPortal, else SystemConfig.optimismPortal(); contracts.inbox on Arbitrum.
     */
    inbox: address.optional(),
    /** Seconds after recovery before resuming is announced as safe. */
    grace: z.number().int().min(0).default(3600),
    /** Signer balance floor on every chain this action sends on (ether); overrides readiness.minBalance. */
    minBalance: etherAmount.optional(),
  })
  .strict()

export const breakerSchema = z
  .object({
    mode: z.enum(breakerModes).default('shadow'),
    signer: breakerSignerSchema.optional(),
    readiness: z
      .object({
        /** Readiness runs on one tick in this many (the first tick included). */
        everyTicks: z.number().int().min(1).default(5),
        /** Signer balance floor (ether) on every chain an armed action sends on. */
        minBalance: etherAmount.default('0.01'),
      })
      .strict()
      .default({ everyTicks: 5, minBalance: '0.01' }),
    send: z
      .object({
        /** How long to wait for a receipt before replacing the transaction (and between replacements). */
        receiptTimeoutSeconds: z.number().positive().max(600).default(30),
        /** Same-nonce replacements at a higher fee when a transaction is not mined in time. */
        maxReplacements: z.number().int().min(0).max(5).default(1),
        /** Fee increase per replacement, percent (nodes require at least 10). */
        feeBumpPercent: z.number().int().min(10).max(500).default(30),
        /** maxFeePerGas = baseFee × (1 + headroom%) + priority fee. */
        feeHeadroomPercent: z.number().int().min(0).max(1000).default(100),
        /** Never pay more than this per gas (gwei). */
        maxFeeGwei: z.number().positive().optional(),
        /** A failed attempt is retried after this many seconds while the risk holds … */
        retrySeconds: z.number().int().min(0).default(300),
        /** … at most this many attempts per incident. */
        maxAttempts: z.number().int().min(1).max(20).default(3),
      })
      .strict()
      .default({ receiptTimeoutSeconds: 30, maxReplacements: 1, feeBumpPercent: 30, feeHeadroomPercent: 100, retrySeconds: 300, maxAttempts: 3 }),
    /** Explorer for L1 transaction links (default: Etherscan for chain id 1 and Sepolia). */
    l1Explorer: z.string().url().optional(),
    actions: z.array(breakerActionSchema).default([]),
  })
  .strict()
  .superRefine((breaker, ctx) => {
    const seen = new Map<string, number>()
    breaker.actions.forEach((action, index) => {
      const first = seen.get(action.name)
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['actions', index, 'name'], message: `duplicate action name "${action.name}" (also actions[${first}])` })
      else seen.set(action.name, index)
      if (action.route === 'l1-inbox' || action.route === 'both')
        if (action.target.chain !== 'l2')
          ctx.addIssue({
            code: 'custom',
            path: ['actions', index, 'route'],
            message: `route ${action.route} reaches the watched L2 through L1; target.chain must be l2, not "${action.target.chain}"`,
          })
    })
    if (breaker.mode === 'armed' && !breaker.signer)
      ctx.addIssue({ code: 'custom', path: ['signer'], message: 'armed mode needs a signer (kms: { keyId } or privateKeyEnv)' })
  })

export type BreakerConfig = z.output<typeof breakerSchema>
export type BreakerConfigInput = z.input<typeof breakerSchema>
export type BreakerActionConfig = z.output<typeof breakerActionSchema>
export type BreakerTargetConfig = z.output<typeof breakerTargetSchema>
export type BreakerSignerConfig = z.output<typeof breakerSignerSchema>

/** What the cross-reference checks need of a configured chain. */
export interface BreakerChainRef {
  readonly name: string
  readonly stack: string
  readonly l1Rpc?: readonly string[]
  readonly contracts?: Readonly<Record<string, unknown>>
}

/** Narrow view of zod's refinement context, so the caller's superRefine can pass its own `ctx`. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void
}

/** Stacks whose L2 can be reached through an L1 contract. */
export const inboxStacks = ['op-stack', 'arbitrum'] as const

/**
 * Cross-field checks for `configSchema.superRefine`: every action names a configured chain, target chains
 * exist (`l1` needs the watched chain's l1Rpc), and l1-inbox routes have an inbox to go through.
 */
export function validateBreakerReferences(
  config: { readonly chains: readonly BreakerChainRef[]; readonly breaker?: BreakerConfig | undefined },
  ctx: IssueSink,
): void {
  const breaker = config.breaker
  if (!breaker) return
  const chains = new Map(config.chains.map((chain) => [chain.name, chain]))
  breaker.actions.forEach((action, index) => {
    const path = ['breaker', 'actions', index]
    const chain = chains.get(action.chain)
    if (!chain) {
      ctx.addIssue({ code: 'custom', path: [...path, 'chain'], message: `no configured chain is named "${action.chain}"` })
      return
    }
    const target = action.target.chain
    if (target === 'l1') {
      if (!chain.l1Rpc?.length)
        ctx.addIssue({ code: 'custom', path: [...path, 'target', 'chain'], message: `chain "${chain.name}" has no l1Rpc to send an L1 transaction through` })
    } else if (target !== 'l2' && !chains.has(target)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'target', 'chain'], message: `must be l2, l1 or a configured chain name; no chain is named "${target}"` })
    }
    if (action.route === 'l1-inbox' || action.route === 'both') {
      if (!(inboxStacks as readonly string[]).includes(chain.stack)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'route'],
          message: `route ${action.route} is supported on op-stack and arbitrum chains, not ${chain.stack} ("${chain.name}")`,
        })
      } else if (!chain.l1Rpc?.length) {
        ctx.addIssue({ code: 'custom', path: [...path, 'route'], message: `route ${action.route} needs l1Rpc on chain "${chain.name}"` })
      } else if (chain.stack === 'arbitrum' && !action.inbox && !chain.contracts?.inbox) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'inbox'],
          message: `route ${action.route} on Arbitrum needs the delayed Inbox: set inbox here or contracts.inbox on chain "${chain.name}"`,
        })
      } else if (chain.stack === 'op-stack' && !action.inbox && !chain.contracts?.optimismPortal && !chain.contracts?.systemConfig) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'inbox'],
          message: `route ${action.route} needs the OptimismPortal: set inbox here, or contracts.optimismPortal / systemConfig on chain "${chain.name}"`,
        })
      }
    }
  })
}
