// The chat function in AWS: a third Lambda behind a Function URL, its secrets, least-privilege IAM; and its
// shell answering a Function URL event (first the response, then the work).
import { Match } from 'aws-cdk-lib/assertions'
import type { LambdaFunctionURLEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { signSlackRequest } from '../../functions/chatops/verifySlackSignature.js'
import type { ChatHttpDependencies } from '../../functions/chatops/handleChatHttp.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { serveChatRequest, type ResponseStream } from '../../functions/handlers/chat.js'
import { logicalId, opChain, synth } from './synth.js'

const chatConfig = validateConfig({
  chains: [opChain],
  notify: { slack: { channel: '#alerts' }, telegram: { chatId: -1001234567890, tokenEnv: 'TG_TOKEN' } },
  chatops: { slack: { allowedUsers: ['U0ALICE', 'U0BOB'] }, telegram: { allowedUsers: [111] }, pauseApprovals: 2 },
})

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Principal?: unknown }

describe('chat function (CDK)', { timeout: 120_000 }, () => {
  const { stack, template } = synth({ config: chatConfig, stage: 'prod' })
  const chat = stack.chat!
  const chatFunctionId = logicalId(stack, chat.function)

  it('is a Node 24 function behind a public Function URL in response-streaming mode, whose URL is an output', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ WATCHTOWER_TABLE: Match.anyValue(), WATCHTOWER_SECRETS: Match.anyValue() }) },
      Description: Match.stringLikeRegexp('chat ops'),
    })
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM', TargetFunctionArn: { 'Fn::GetAtt': [chatFunctionId, 'Arn'] } })
    const outputs = template.findOutputs('ChatUrl')
    expect(Object.keys(outputs)).toHaveLength(1)
    expect(JSON.stringify(Object.values(outputs)[0]!.Value)).toContain(logicalId(stack, chat.url))
  })

  it('creates the signing-secret (placeholder) and webhook secret-token (generated) secrets under the stage', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'l2-watchtower/prod/SLACK_SIGNING_SECRET', SecretString: 'REPLACE_ME' })
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'l2-watchtower/prod/TELEGRAM_WEBHOOK_SECRET',
      GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
    })
    expect(Object.keys(template.findOutputs('SlackSigningSecretArn'))).toHaveLength(1)
    expect(Object.keys(template.findOutputs('TelegramWebhookSecretArn'))).toHaveLength(1)
  })

  it('its role may use the table, read its three secrets and write its logs, nothing else: no key, no invoke', () => {
    const roleId = logicalId(stack, chat.role)
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['UseOwnTable', ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
      ['ReadOwnSecrets', 'secretsmanager:GetSecretValue'],
    ])
    const secretRefs = JSON.stringify(statements[2]!.Resource)
    for (const secret of [chat.signingSecret!, chat.webhookSecretToken!, stack.secrets.TG_TOKEN!]) expect(secretRefs).toContain(logicalId(stack, secret))
    expect(secretRefs).not.toContain(logicalId(stack, stack.secrets.SLACK_BOT_TOKEN!))
    expect(JSON.stringify(statements)).not.toMatch(/kms:|lambda:/)
    // The breaker key's policy names the tick role only.
    const keyPolicy = JSON.stringify(template.findResources('AWS::KMS::Key'))
    expect(keyPolicy).not.toContain(roleId)
    // No managed policies (the basic execution role would grant logs on every group).
    expect(template.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.absent() } })[roleId]!.Properties.ManagedPolicyArns).toBeUndefined()
  })

  it('is absent without chatops', () => {
    const bare = synth()
    expect(bare.stack.chat).toBeUndefined()
    bare.template.resourceCountIs('AWS::Lambda::Url', 0)
  })
})

describe('chat function shell', () => {
  const secret = 'shell-signing-secret'
  const event = (body: string, headers: Record<string, string>): LambdaFunctionURLEvent =>
    ({
      version: '2.0',
      rawPath: '/slack/commands',
      rawQueryString: '',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      isBase64Encoded: true,
      body: Buffer.from(body).toString('base64'),
      requestContext: { http: { method: 'POST', path: '/slack/commands' } },
    }) as unknown as LambdaFunctionURLEvent

  function recorder() {
    const events: string[] = []
    const stream: ResponseStream = { write: (chunk) => events.push(`write ${chunk}`), end: () => void events.push('end') }
    return { events, stream, from: (s: ResponseStream, metadata: { statusCode: number }) => (events.push(`status ${metadata.statusCode}`), s) }
  }

  it('ends the response (200) before the work runs, and refuses a bad signature with 401 and no work', async () => {
    const worked: string[] = []
    const deps = {
      config: { ...chatConfig, chains: chatConfig.chains },
      env: { SLACK_SIGNING_SECRET: secret },
      now: () => Math.floor(Date.now() / 1000),
      log: (line: string) => worked.push(`log ${line}`),
      store: {} as never,
      breaker: {} as never,
      chatops: { appendAudit: async () => void worked.push('audit') } as never,
    } as unknown as ChatHttpDependencies
    const body = new URLSearchParams({ command: '/watchtower', text: 'help', user_id: 'U0ALICE', user_name: 'alice' }).toString()

    const ok = recorder()
    const promise = serveChatRequest(event(body, signSlackRequest(body, Math.floor(Date.now() / 1000), secret)), ok.stream, { deps: async () => deps, from: ok.from })
    await promise
    expect(ok.events).toEqual(['status 200', 'write ', 'end'])
    expect(worked).toEqual(['audit', expect.stringMatching(/^log no response_url/)])

    const bad = recorder()
    worked.length = 0
    await serveChatRequest(event(body, signSlackRequest(body, Math.floor(Date.now() / 1000) - 600, secret)), bad.stream, { deps: async () => deps, from: bad.from })
    expect(bad.events).toEqual(['status 401', 'write invalid signature', 'end'])
    expect(worked).toEqual([expect.stringMatching(/^log refused a Slack request to \/slack\/commands: timestamp/)])
  })
})
