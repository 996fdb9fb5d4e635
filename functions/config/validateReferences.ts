import { type BreakerConfig, validateBreakerReferences } from './breakerSchema.js'

interface IssueContext {
  readonly issues: readonly { readonly path?: readonly PropertyKey[] }[]
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void
}

type Loose = Record<string, unknown> | undefined

/**
 * Cross-references of the whole config: unique chain names, channel routes and breaker actions naming configured
 * chains. Runs even when parts of the config are malformed (`when: () => true`), so one round reports every
 * problem; it reads only what is well-formed enough to judge.
 */
export function validateReferences(value: unknown, ctx: IssueContext): void {
  const config = (value ?? {}) as Loose & {}
  const chains = (Array.isArray(config.chains) ? config.chains : []) as unknown[]
  const named = chains.filter((chain): chain is { name: string } => typeof (chain as Loose)?.name === 'string')
  const seen = new Map<string, number>()
  chains.forEach((chain, index) => {
    const name = (chain as Loose)?.name
    if (typeof name !== 'string') return
    const first = seen.get(name)
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['chains', index, 'name'], message: `duplicate chain name "${name}" (also chains[${first}])` })
    else seen.set(name, index)
  })
  for (const channel of ['slack', 'telegram'] as const) {
    const routes = ((config.notify as Loose)?.[channel] as Loose)?.chains
    if (Array.isArray(routes))
      routes.forEach((name, index) => {
        if (typeof name === 'string' && !seen.has(name))
          ctx.addIssue({ code: 'custom', path: ['notify', channel, 'chains', index], message: `no configured chain is named "${name}"` })
      })
  }
  validateChatopsReferences(config, ctx)
  // The breaker's own shape problems are reported already; its references need a well-formed section.
  if (!config.breaker) return
  if (!ctx.issues.some((issue) => issue.path?.[0] === 'breaker'))
    return validateBreakerReferences({ chains: named as never[], breaker: config.breaker as BreakerConfig }, ctx as never)
  // A malformed breaker still gets its actions' chain names checked.
  const actions = (config.breaker as Loose)?.actions
  if (Array.isArray(actions))
    actions.forEach((action, index) => {
      const chain = (action as Loose)?.chain
      if (typeof chain === 'string' && !seen.has(chain))
        ctx.addIssue({ code: 'custom', path: ['breaker', 'actions', index, 'chain'], message: `no configured chain is named "${chain}"` })
    })
}

/** Telegram chat ops read one chat and answer through the bot: both must be configured somewhere. */
function validateChatopsReferences(config: Record<string, unknown>, ctx: IssueContext): void {
  const telegram = ((config.chatops as Loose)?.telegram as Loose) ?? undefined
  if (!telegram || typeof telegram !== 'object') return
  const notifyTelegram = (config.notify as Loose)?.telegram as Loose
  if (telegram.chatId === undefined && notifyTelegram?.chatId === undefined)
    ctx.addIssue({ code: 'custom', path: ['chatops', 'telegram', 'chatId'], message: 'set chatId here or notify.telegram.chatId: commands are taken from that one chat only' })
  if (telegram.tokenEnv === undefined && !notifyTelegram)
    ctx.addIssue({ code: 'custom', path: ['chatops', 'telegram', 'tokenEnv'], message: 'set tokenEnv here or configure notify.telegram: the bot answers through its token' })
}
