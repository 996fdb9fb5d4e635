import { Annotations, CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { Role } from 'aws-cdk-lib/aws-iam'
import { FunctionUrl, FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { WatchtowerConfig } from '../functions/config/schema.js'
import { secretPlaceholder } from '../functions/runtime/loadSecretsIntoEnv.js'
import { tickEnvNames } from '../functions/runtime/tickEnvNames.js'
import { nodejsBundling } from './bundling.js'
import { createFunctionRole } from './createFunctionRole.js'
import { functionDefaults } from './functionDefaults.js'
import { chatEntry } from './paths.js'

/** DynamoDB actions the chat function uses (acks, mutes, their outbox entries, audit trail, approvals, breaker requests): no scans, no table management. */
export const chatTableActions = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'] as const

export interface WatchtowerChatProps {
  readonly config: WatchtowerConfig & { readonly chatops: NonNullable<WatchtowerConfig['chatops']> }
  readonly table: ITableV2
  readonly stage?: string | undefined
  readonly serviceName: string
  readonly logRetention: RetentionDays
  /** Bot-token secrets the stack made for `notify`, by env var name (Telegram answers through its bot token). */
  readonly botTokens: Readonly<Record<string, Secret>>
  /** The config bundled into the function (esbuild define of this expression). */
  readonly configDefine: string
}

/**
 * Chat ops in AWS: a third function behind a Lambda Function URL (Slack's Interactivity and Slash Command URLs and
 * Telegram's setWebhook point at it). The URL is public by design, as Slack and Telegram cannot sign AWS
 * requests: every request is authenticated by the function itself (Slack signing secret, Telegram secret token)
 * before anything is read. Its role: its table, its secrets, its log group; it can sign and invoke nothing.
 */
export class WatchtowerChat extends Construct {
  readonly function: NodejsFunction
  readonly role: Role
  readonly url: FunctionUrl
  readonly logGroup: LogGroup
  readonly signingSecret?: Secret
  readonly webhookSecretToken?: Secret

  constructor(scope: Construct, id: string, props: WatchtowerChatProps) {
    super(scope, id)
    const { config, stage } = props
    const chatops = config.chatops
    const secretName = (env: string) => (stage ? { secretName: `l2-watchtower/${stage}/${env}` } : {})
    const secrets: Record<string, Secret> = {}

    if (chatops.slack) {
      const env = chatops.slack.signingSecretEnv
      this.signingSecret = new Secret(this, 'SlackSigningSecret', {
        ...secretName(env),
        description: `L2 Watchtower Slack signing secret (${env}): the Slack app's Basic Information → Signing Secret. Put it in after deploy.`,
        secretStringValue: SecretValue.unsafePlainText(secretPlaceholder),
      })
      Validations.of(this.signingSecret).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason: 'The signing secret is issued by Slack (Basic Information → Regenerate); no rotation Lambda can mint one. Rotate by hand: regenerate in Slack, put-secret-value.',
      })
      secrets[env] = this.signingSecret
    }
    if (chatops.telegram) {
      const env = chatops.telegram.secretTokenEnv
      // Ours to choose: generated, and handed to setWebhook as secret_token (1-256 of A-Z a-z 0-9 _ -).
      this.webhookSecretToken = new Secret(this, 'TelegramWebhookSecretToken', {
        ...secretName(env),
        description: `L2 Watchtower Telegram webhook secret token (${env}): pass it to setWebhook as secret_token.`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      })
      Validations.of(this.webhookSecretToken).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason: 'Telegram learns the token only through setWebhook; rotating it without calling setWebhook again would cut the webhook off. Rotate by hand: put-secret-value, then setWebhook with the new secret_token.',
      })
      secrets[env] = this.webhookSecretToken
      if (chatops.telegram.mode === 'polling')
        Annotations.of(this).addWarningV2(
          'watchtower:chatPollingInLambda',
          'chatops.telegram.mode is polling: a Lambda cannot long-poll, so in AWS Telegram commands arrive only through the webhook (setWebhook to the ChatUrl output). Polling works with `watchtower run`.',
        )
      const tokenEnv = chatops.telegram.tokenEnv ?? config.notify.telegram?.tokenEnv
      const botToken = tokenEnv ? props.botTokens[tokenEnv] : undefined
      if (tokenEnv && botToken) secrets[tokenEnv] = botToken
      else if (tokenEnv) {
        const own = new Secret(this, 'TelegramBotToken', {
          ...secretName(tokenEnv),
          description: `L2 Watchtower Telegram bot token (${tokenEnv}) for chat ops answers. Put the real token in after deploy.`,
          secretStringValue: SecretValue.unsafePlainText(secretPlaceholder),
        })
        Validations.of(own).acknowledge({ id: 'AwsSolutions::AwsSolutions-SMG4', reason: 'The bot token is issued by Telegram (@BotFather); no rotation Lambda can mint a new one. Rotate it by hand.' })
        secrets[tokenEnv] = own
      }
    }

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY })
    this.role = createFunctionRole(this, 'Role', {
      description: 'L2 Watchtower chat function: its table, its secrets, its log group (no keys, no invocations)',
      logGroup: this.logGroup,
      table: props.table,
      tableSid: 'UseOwnTable',
      tableActions: chatTableActions,
      secrets: Object.values(secrets),
    })

    this.function = new NodejsFunction(this, 'Function', {
      description: 'L2 Watchtower chat ops: Slack slash command and buttons, Telegram webhook (ack, mute, status, pause, resume)',
      entry: chatEntry,
      ...functionDefaults,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        [tickEnvNames.table]: props.table.tableName,
        [tickEnvNames.secrets]: Stack.of(this).toJsonString(Object.fromEntries(Object.entries(secrets).map(([env, secret]) => [env, secret.secretArn]))),
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `${props.serviceName}-chat`,
      },
      bundling: nodejsBundling({ [props.configDefine]: JSON.stringify(JSON.stringify(config)) }),
    })
    // Response streaming: the 200 (or 401) goes out before the work, within Slack's 3 seconds.
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.RESPONSE_STREAM })

    new CfnOutput(Stack.of(this), 'ChatUrl', {
      value: this.url.url,
      description: 'Chat ops endpoint: Slack Interactivity → <url>slack/actions, Slash Command → <url>slack/commands, Telegram setWebhook → <url>telegram/webhook',
    })
    if (this.signingSecret)
      new CfnOutput(Stack.of(this), 'SlackSigningSecretArn', { value: this.signingSecret.secretArn, description: 'Slack signing secret: put-secret-value with the app\'s Signing Secret' })
    if (this.webhookSecretToken)
      new CfnOutput(Stack.of(this), 'TelegramWebhookSecretArn', { value: this.webhookSecretToken.secretArn, description: 'Telegram webhook secret token (generated): get-secret-value, pass as secret_token to setWebhook' })
  }
}
