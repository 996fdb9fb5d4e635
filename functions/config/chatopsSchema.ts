import { z } from 'zod'

/**
 * The `chatops` section: act from Slack and Telegram (ack, mute, status, pause, resume). Names here are user
 * interface. Secrets are named by environment variable, never written here.
 *
 *   chatops:
 *     listen: 127.0.0.1:8787          # `watchtower run` serves POST /slack/actions, /slack/commands, /telegram/webhook
 *     slack: { signingSecretEnv: SLACK_SIGNING_SECRET, allowedUsers: [U012ABCDEF] }
 *     telegram: { secretTokenEnv: TELEGRAM_WEBHOOK_SECRET, allowedUsers: [123456789], mode: webhook }
 *     pauseApprovals: 1                # 2: a second allowlisted user approves a pause/resume within 10 minutes
 */

const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the NAME of an environment variable (A-Z, 0-9, _), never the secret itself')

/** `host:port` on which `watchtower run` serves the chat endpoints. */
const listenAddress = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be HOST:PORT, e.g. 127.0.0.1:8787')
  .refine((value) => {
    const port = Number(value.slice(value.lastIndexOf(':') + 1))
    return port >= 1 && port <= 65535
  }, 'port must be 1-65535')

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `list at least one ${what}`)
    .refine((list) => new Set(list).size === list.length, `lists a ${what} twice`)

export const chatopsSlackSchema = z
  .object({
    /** Env var holding the Slack app's signing secret (Basic Information → App Credentials). */
    signingSecretEnv: envVarName.default('SLACK_SIGNING_SECRET'),
    /** Slack member ids (U…/W…), not display names: names can be changed by their owner. */
    allowedUsers: uniqueList(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack member id such as U012ABCDEF (profile → ⋮ → Copy member ID)'), 'user'),
  })
  .strict()

export const chatopsTelegramSchema = z
  .object({
    /** Env var holding the secret_token given to setWebhook (sent back as X-Telegram-Bot-Api-Secret-Token). */
    secretTokenEnv: envVarName.default('TELEGRAM_WEBHOOK_SECRET'),
    /** Telegram numeric user ids (not @usernames, which can change hands). */
    allowedUsers: uniqueList(
      z
        .union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a numeric Telegram user id')])
        .transform(String),
      'user',
    ),
    /** `webhook` (Telegram POSTs to /telegram/webhook) or `polling` (getUpdates; `watchtower run` only). */
    mode: z.enum(['webhook', 'polling']).default('webhook'),
    /** The one chat commands are taken from. Default: notify.telegram.chatId. */
    chatId: z.union([z.string().regex(/^-?\d+$|^@[A-Za-z0-9_]{5,}$/, 'must be a numeric chat id or @channelname'), z.number().int()]).transform(String).optional(),
    /** Bot token env var for polling and answers. Default: notify.telegram.tokenEnv. */
    tokenEnv: envVarName.optional(),
    /** Bot API root. Default: notify.telegram.apiRoot, else https://api.telegram.org. */
    apiRoot: z.string().url().optional(),
  })
  .strict()

export const chatopsSchema = z
  .object({
    listen: listenAddress.optional(),
    slack: chatopsSlackSchema.optional(),
    telegram: chatopsTelegramSchema.optional(),
    /** Distinct allowlisted users a pause or resume needs (2: four eyes; the second approves within 10 minutes). */
    pauseApprovals: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).default(1),
  })
  .strict()
  .superRefine((chatops, ctx) => {
    if (!chatops.slack && !chatops.telegram)
      ctx.addIssue({ code: 'custom', path: [], message: 'configure slack and/or telegram under chatops (or remove the section)' })
    if (chatops.pauseApprovals === 2) {
      const enough = [chatops.slack?.allowedUsers, chatops.telegram?.allowedUsers].some((users) => (users?.length ?? 0) >= 2)
      if (!enough && (chatops.slack || chatops.telegram))
        ctx.addIssue({
          code: 'custom',
          path: ['pauseApprovals'],
          message: 'pauseApprovals: 2 needs two allowlisted users on one channel (slack or telegram allowedUsers); as configured no pause could ever be approved',
        })
    }
  })

export type ChatopsConfig = z.output<typeof chatopsSchema>
export type ChatopsSlackConfig = z.output<typeof chatopsSlackSchema>
export type ChatopsTelegramConfig = z.output<typeof chatopsTelegramSchema>
