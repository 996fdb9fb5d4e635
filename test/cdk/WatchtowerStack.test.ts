import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { App, Duration } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { WatchtowerConfig } from '../../functions/config/schema.js'
import { WatchtowerStack, repoRoot, type WatchtowerStackProps } from '../../lib/WatchtowerStack.js'

// Same feature flags as `cdk synth` (cdk.json), and no esbuild bundling in unit tests.
const cdkJson = JSON.parse(readFileSync(resolve(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }

const chain = {
  name: 'op-mainnet',
  stack: 'op-stack',
  l2Rpc: ['https://mainnet.optimism.io'],
  l1Rpc: ['https://ethereum-rpc.publicnode.com'],
  contracts: { systemConfig: '0x229047fed2591dbec1eF1118d64F7aF3dB9EB290' },
}

function makeConfig(notify: Record<string, unknown> = {}): WatchtowerConfig {
  return validateConfig({ chains: [chain], notify })
}

const bothChannels = makeConfig({
  slack: { channel: '#alerts' },
  telegram: { chatId: -1001234567890, tokenEnv: 'TG_TOKEN' },
})

function synth(overrides: Partial<WatchtowerStackProps> = {}): { stack: WatchtowerStack; template: Template } {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } })
  const stack = new WatchtowerStack(app, 'Watchtower', {
    config: bothChannels,
    configSource: 'test/inline.yaml',
    ...overrides,
  })
  return { stack, template: Template.fromStack(stack) }
}

function logicalId(stack: WatchtowerStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<WatchtowerStack['getLogicalId']>[0])
}

describe('WatchtowerStack', () => {
  const { stack, template } = synth()
  const tableId = logicalId(stack, stack.table)
  const functionId = logicalId(stack, stack.tickFunction)

  it('creates the table: pk/sk strings, on-demand, TTL on `ttl`, PITR, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    })
  })

  it('honours tableName', () => {
    synth({ tableName: 'watchtower-test' }).template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'watchtower-test',
    })
  })

  it('creates the tick function: Node 24 on arm64, 512 MB, 50 s, env wired', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1)
    const fn = template.findResources('AWS::Lambda::Function')[functionId]
    expect(fn).toBeDefined()
    const props = fn!.Properties as Record<string, any>
    expect(props.Runtime).toBe('nodejs24.x')
    expect(props.Architectures).toEqual(['arm64'])
    expect(props.MemorySize).toBe(512)
    expect(props.Timeout).toBe(50)
    expect(props.Handler).toBe('index.handler')
    const env = props.Environment.Variables as Record<string, unknown>
    expect(env.WATCHTOWER_TABLE).toEqual({ Ref: tableId })
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps')
    expect(env.POWERTOOLS_SERVICE_NAME).toBe('watchtower')
    // The config is bundled into the code, not passed through the environment.
    expect(env).not.toHaveProperty('WATCHTOWER_CONFIG_JSON')
    // WATCHTOWER_SECRETS is a JSON object: token env var name -> secret ARN.
    const slackId = logicalId(stack, stack.secrets.SLACK_BOT_TOKEN!)
    const telegramId = logicalId(stack, stack.secrets.TG_TOKEN!)
    expect(env.WATCHTOWER_SECRETS).toEqual({
      'Fn::Join': ['', ['{"SLACK_BOT_TOKEN":"', { Ref: slackId }, '","TG_TOKEN":"', { Ref: telegramId }, '"}']],
    })
  })

  it('does not retry async invocations and keeps a log group with retention', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    })
    template.resourceCountIs('AWS::Logs::LogGroup', 1)
    const logGroupId = logicalId(stack, stack.logGroup)
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 })
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    })
  })

  it('schedules the function every minute with no retries', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1)
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      }),
    })
  })

  it('honours scheduleRate', () => {
    synth({ scheduleRate: Duration.minutes(5) }).template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
    })
  })

  it('gives the function DynamoDB access to this table (and its indexes) only', () => {
    const policies = template.findResources('AWS::IAM::Policy')
    const role = stack.tickFunction.role
    expect(role).toBeDefined()
    const roleId = logicalId(stack, role as unknown as { node: { defaultChild?: unknown } })
    const fnPolicies = Object.values(policies).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
    )
    expect(fnPolicies.length).toBeGreaterThan(0)
    const statements = fnPolicies.flatMap((p) => p.Properties.PolicyDocument.Statement as any[])
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')))
    expect(dynamo.length).toBeGreaterThan(0)
    const allowed = new Set([
      JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }),
      JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/*']] }),
    ])
    for (const statement of dynamo) {
      expect(statement.Effect).toBe('Allow')
      for (const resource of [statement.Resource].flat()) {
        expect(resource).not.toBe('*')
        expect(allowed.has(JSON.stringify(resource)), `unexpected resource ${JSON.stringify(resource)}`).toBe(true)
      }
      const actions = [statement.Action].flat()
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']))
      expect(actions).not.toContain('dynamodb:*')
      expect(actions).not.toContain('dynamodb:DeleteTable')
    }
    // No statement anywhere in the function's policies grants anything on '*'.
    for (const statement of statements) expect([statement.Resource].flat()).not.toContain('*')
  })

  it('creates a placeholder secret per configured channel, readable by the function', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2)
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('slack bot token \\(SLACK_BOT_TOKEN\\)'),
      SecretString: 'REPLACE_ME',
    })
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('telegram bot token \\(TG_TOKEN\\)'),
    })
    const slackId = logicalId(stack, stack.secrets.SLACK_BOT_TOKEN!)
    const telegramId = logicalId(stack, stack.secrets.TG_TOKEN!)
    // minimizePolicies (cdk.json) merges both grants into one statement.
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as any[],
    )
    const secretRead = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
    const resources = secretRead.flatMap((s) => [s.Resource].flat())
    expect(resources).toEqual(expect.arrayContaining([{ Ref: slackId }, { Ref: telegramId }]))
    expect(resources).toHaveLength(2)
    template.hasOutput('SlackBotTokenSecretArn', { Value: { Ref: slackId } })
    template.hasOutput('TelegramBotTokenSecretArn', Match.anyValue())
    template.hasOutput('TableName', { Value: { Ref: tableId } })
    template.hasOutput('TickFunctionName', { Value: { Ref: functionId } })
  })

  it('creates only the secrets for configured channels', () => {
    const slackOnly = synth({ config: makeConfig({ slack: { channel: '#alerts' } }) })
    slackOnly.template.resourceCountIs('AWS::SecretsManager::Secret', 1)
    expect(Object.keys(slackOnly.stack.secrets)).toEqual(['SLACK_BOT_TOKEN'])

    const none = synth({ config: makeConfig() })
    none.template.resourceCountIs('AWS::SecretsManager::Secret', 0)
    const outputs = Object.keys(none.template.findOutputs('*'))
    expect(outputs.some((name) => name.endsWith('SecretArn'))).toBe(false)
    none.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WATCHTOWER_SECRETS: '{}' }) },
    })
  })

  it('fails at synth with a plain message on bad props', () => {
    expect(() => synth({ scheduleRate: Duration.seconds(30) })).toThrow(
      'scheduleRate must be at least 1 minute (got 30 seconds)',
    )
    expect(() => synth({ scheduleRate: Duration.seconds(90) })).toThrow('scheduleRate must be a whole number of minutes')
    expect(() => synth({ tableName: 'no spaces allowed' })).toThrow('tableName "no spaces allowed" must be')
    expect(() =>
      synth({ config: makeConfig({ slack: { channel: '#a', tokenEnv: 'BOT' }, telegram: { chatId: 1, tokenEnv: 'BOT' } }) }),
    ).toThrow('each bot token needs its own env var name')
    // Every problem at once.
    expect(() => synth({ scheduleRate: Duration.seconds(1), tableName: 'x' })).toThrow(
      /scheduleRate must be at least 1 minute[\s\S]*tableName "x"/,
    )
  })
})
