// Fine-grained assertions on the synthesized template: table, functions, schedule, IAM, key policy, secrets,
// alarms and their actions, dashboard, tags, synth-time validation. Plus one (normalised) snapshot.
import { Annotations, Match } from 'aws-cdk-lib/assertions'
import { Duration } from 'aws-cdk-lib'
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import { describe, expect, it } from 'vitest'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { alarmNotifierTableActions, breakerKeyAdminActions, tickTableActions } from '../../lib/WatchtowerStack.js'
import { evmChain, logicalId, makeConfig, opChain, synth } from './synth.js'

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown; Sid?: string; Condition?: unknown }

const actionsOf = (statement: Statement) => [statement.Action].flat()
const resourcesOf = (statement: Statement) => [statement.Resource].flat()

describe('WatchtowerStack', { timeout: 120_000 }, () => {
  const { stack, template } = synth({ stage: 'prod', rpcUrlsSecret: true, reservedConcurrency: 1 })
  const tableId = logicalId(stack, stack.table)
  const functionId = logicalId(stack, stack.tickFunction)
  const notifierId = logicalId(stack, stack.alarmNotifier)
  const keyId = logicalId(stack, stack.breakerKey)
  const topicId = logicalId(stack, stack.alarmTopic)
  const tickRoleId = logicalId(stack, stack.tickRole)
  const slackId = logicalId(stack, stack.secrets.SLACK_BOT_TOKEN!)
  const telegramId = logicalId(stack, stack.secrets.TG_TOKEN!)
  const rpcUrlsId = logicalId(stack, stack.rpcUrlsSecret!)

  /** Statements of every AWS::IAM::Policy attached to a role. */
  function roleStatements(roleLogicalId: string): Statement[] {
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
  }

  it('creates the table: pk/sk strings, on-demand, TTL on `ttl`, PITR, deletion protection, retained, named per stage', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'l2-watchtower-prod',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    })
    // Without a stage, CloudFormation names it; tableName still wins.
    expect(synth().template.toJSON().Resources[tableId]?.Properties.TableName).toBeUndefined()
    synth({ tableName: 'watchtower-test' }).template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'watchtower-test' })
  })

  it('creates the tick function: Node 24 on arm64, timeout sized for 4 × 15 s polls, env wired, reserved concurrency', () => {
    const fn = template.toJSON().Resources[functionId]
    const props = fn.Properties as Record<string, any>
    expect(props.Runtime).toBe('nodejs24.x')
    expect(props.Architectures).toEqual(['arm64'])
    expect(props.MemorySize).toBe(512)
    // The last poll starts at 45 s; it gets the 20 s reserve plus slack.
    expect(props.Timeout).toBe(75)
    expect(props.Handler).toBe('index.handler')
    expect(props.ReservedConcurrentExecutions).toBe(1)
    expect(props.Role).toEqual({ 'Fn::GetAtt': [tickRoleId, 'Arn'] })
    const env = props.Environment.Variables as Record<string, unknown>
    expect(env).toEqual({
      WATCHTOWER_TABLE: { Ref: tableId },
      WATCHTOWER_SECRETS: {
        'Fn::Join': ['', ['{"SLACK_BOT_TOKEN":"', { Ref: slackId }, '","TG_TOKEN":"', { Ref: telegramId }, '"}']],
      },
      WATCHTOWER_RPC_URLS_SECRET: { Ref: rpcUrlsId },
      WATCHTOWER_BREAKER_KMS_KEY_ID: { 'Fn::GetAtt': [keyId, 'Arn'] },
      WATCHTOWER_POLLS_PER_INVOCATION: '4',
      WATCHTOWER_POLL_INTERVAL_SECONDS: '15',
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'watchtower-prod',
    })
    // No reserved concurrency unless asked for (new accounts cannot reserve any).
    expect(synth().template.toJSON().Resources[functionId]?.Properties.ReservedConcurrentExecutions).toBeUndefined()
  })

  it('sizes the timeout and env from pollsPerInvocation / pollIntervalSeconds', () => {
    synth({ pollsPerInvocation: 6, pollIntervalSeconds: 10 }).template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 80,
      Environment: { Variables: Match.objectLike({ WATCHTOWER_POLLS_PER_INVOCATION: '6', WATCHTOWER_POLL_INTERVAL_SECONDS: '10' }) },
    })
  })

  it('does not retry async tick invocations; both functions log to groups with retention', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    })
    template.resourceCountIs('AWS::Logs::LogGroup', 2)
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 })
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logicalId(stack, stack.logGroup) } } })
    synth({ logRetention: RetentionDays.THREE_MONTHS }).template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 })
  })

  it('schedules the function every minute with no retries and a context-stamped input', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1)
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        Input: Match.serializedJson(Match.objectLike({ source: 'watchtower.schedule', scheduledTime: '<aws.scheduler.scheduled-time>' })),
      }),
    })
    synth({ scheduleRate: Duration.minutes(5) }).template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
    })
  })

  it('gives the tick role exactly: its log group, its table, its secrets, the breaker key', () => {
    const role = template.toJSON().Resources[tickRoleId]
    expect(role.Properties.ManagedPolicyArns).toBeUndefined()
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ])
    const statements = roleStatements(tickRoleId)
    expect(statements).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logicalId(stack, stack.logGroup), 'Arn'] },
      },
      { Sid: 'UseOwnTable', Effect: 'Allow', Action: [...tickTableActions].sort(), Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } },
      {
        Sid: 'ReadOwnSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [{ Ref: rpcUrlsId }, { Ref: slackId }, { Ref: telegramId }],
      },
      {
        Sid: 'UseBreakerKey',
        Effect: 'Allow',
        Action: ['kms:GetPublicKey', 'kms:Sign'],
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    ])
  })

  it('has no wildcard action and no "*" resource in any IAM policy of the stack', () => {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        for (const action of actionsOf(statement)) expect(action, JSON.stringify(statement)).not.toContain('*')
        expect(resourcesOf(statement)).not.toContain('*')
      }
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined()
  })

  it('creates the breaker key (secp256k1, sign/verify, retained) whose policy lets only the tick role sign', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 30 }),
    })
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/l2-watchtower-prod-breaker', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } })
    const statements = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement as Statement[]
    const tickPrincipal = { AWS: { 'Fn::GetAtt': [tickRoleId, 'Arn'] } }

    const rootStatements = statements.filter((s) => JSON.stringify(s.Principal).includes(':root'))
    expect(rootStatements).toHaveLength(1)
    expect(actionsOf(rootStatements[0]!).sort()).toEqual([...breakerKeyAdminActions].sort())
    for (const forbidden of ['kms:*', 'kms:Sign', 'kms:Verify', 'kms:GetPublicKey', 'kms:CreateGrant', 'kms:Decrypt'])
      expect(actionsOf(rootStatements[0]!)).not.toContain(forbidden)

    // Every statement allowing Sign or GetPublicKey names the tick role, and nobody else.
    const usage = statements.filter((s) => actionsOf(s).some((a) => a === 'kms:Sign' || a === 'kms:GetPublicKey'))
    expect(usage.map((s) => s.Principal)).toEqual([tickPrincipal, tickPrincipal])
    expect(usage.flatMap(actionsOf).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign'])
    expect(usage.find((s) => actionsOf(s).includes('kms:Sign'))?.Condition).toEqual({
      StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
    })
    for (const statement of statements) for (const action of actionsOf(statement)) expect(action).not.toContain('*')
  })

  it('creates the bot-token secrets (named per stage) and the RpcUrls secret only when asked', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 3)
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'l2-watchtower/prod/SLACK_BOT_TOKEN',
      Description: Match.stringLikeRegexp('slack bot token \\(SLACK_BOT_TOKEN\\)'),
      SecretString: 'REPLACE_ME',
    })
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'l2-watchtower/prod/TG_TOKEN' })
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'l2-watchtower/prod/rpc-urls', SecretString: '{}' })
    template.hasOutput('SlackBotTokenSecretArn', { Value: { Ref: slackId } })
    template.hasOutput('RpcUrlsSecretArn', { Value: { Ref: rpcUrlsId } })

    const plain = synth({ config: makeConfig({ slack: { channel: '#alerts' } }) })
    plain.template.resourceCountIs('AWS::SecretsManager::Secret', 1)
    expect(Object.keys(plain.stack.secrets)).toEqual(['SLACK_BOT_TOKEN'])
    expect(plain.stack.rpcUrlsSecret).toBeUndefined()

    const none = synth({ config: makeConfig() })
    none.template.resourceCountIs('AWS::SecretsManager::Secret', 0)
    expect(Object.keys(none.template.findOutputs('*')).some((name) => name.endsWith('SecretArn'))).toBe(false)
    none.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WATCHTOWER_SECRETS: '{}' }) },
    })
  })

  it('makes each PagerDuty / Discord / webhook secret a Secrets Manager secret of the stage, readable by both functions', () => {
    const config = makeConfig({
      pagerduty: { routingKeyEnv: 'PD_ROUTING_KEY' },
      discord: { webhookUrlEnv: 'DISCORD_WEBHOOK_URL', severities: ['crit'] },
      webhook: { urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' },
    })
    const { stack, template: t } = synth({ stage: 'prod', config })
    expect(Object.keys(stack.secrets)).toEqual(['PD_ROUTING_KEY', 'DISCORD_WEBHOOK_URL', 'HOOK_URL', 'HOOK_SECRET'])
    for (const name of Object.keys(stack.secrets))
      t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: `l2-watchtower/prod/${name}`, SecretString: 'REPLACE_ME' })
    t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'l2-watchtower/prod/PD_ROUTING_KEY', Description: Match.stringLikeRegexp('pagerduty Events API v2 routing key') })
    const arns = Object.fromEntries(Object.entries(stack.secrets).map(([name, secret]) => [name, { Ref: logicalId(stack, secret) }]))
    for (const fn of [stack.tickFunction, stack.alarmNotifier]) {
      const env = t.toJSON().Resources[logicalId(stack, fn)].Properties.Environment.Variables
      expect(Object.values(env).some((value) => JSON.stringify(value).includes(arns.HOOK_SECRET!.Ref))).toBe(true)
    }
    const readable = Object.values(t.toJSON().Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
      .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:GetSecretValue'))
    expect(readable).toHaveLength(2) // the tick's role and the alarm notifier's, each on exactly these secrets
    for (const statement of readable) {
      expect(statement.Resource).toHaveLength(4)
      expect(statement.Resource).toEqual(expect.arrayContaining(Object.values(arns)))
    }
    expect(() => synth({ config: makeConfig({ pagerduty: { routingKeyEnv: 'SAME' }, webhook: { urlEnv: 'SAME' } }) })).toThrow(
      'notify: pagerduty Events API v2 routing key and webhook URL both use the env var "SAME": each secret needs its own env var name',
    )
  })

  it('creates the alarm notifier: its own role with the outbox of its table and the bot tokens only, Node 24 on arm64, SNS-subscribed', () => {
    const fn = template.toJSON().Resources[notifierId].Properties
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 30 })
    expect(fn.Environment.Variables).toMatchObject({ WATCHTOWER_STAGE: 'prod', POWERTOOLS_SERVICE_NAME: 'watchtower-prod-alarms', WATCHTOWER_TABLE: { Ref: tableId } })
    const roleId = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]
    const statements = roleStatements(roleId)
    expect(statements.map((s) => s.Sid)).toEqual(['WriteOwnLogs', 'UseOutbox', 'ReadOwnSecrets'])
    // Queue and deliver the outbox; no reads of other items, no deletes, no scans.
    expect(actionsOf(statements[1]!).sort()).toEqual([...alarmNotifierTableActions].sort())
    expect(resourcesOf(statements[1]!)).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }])
    expect(resourcesOf(statements[2]!)).toEqual([{ Ref: slackId }, { Ref: telegramId }])
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topicId },
      Endpoint: { 'Fn::GetAtt': [notifierId, 'Arn'] },
    })
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: topicId },
    })
  })

  it('lets only this account’s CloudWatch alarms publish to the topic, over TLS', () => {
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0]!.Properties.PolicyDocument.Statement as Statement[]
    expect(policy).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    )
    expect(policy).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
      }),
    )
    const withEmail = synth({ alarmEmails: ['oncall@example.com'] })
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' })
  })

  it('alarms on tick errors, throttles, duration near the timeout and a silent heartbeat, each to SNS (ALARM and OK)', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4)
    const actions = [{ Ref: topicId }]
    const lambdaAlarm = (name: string, metric: string, statistic: string, threshold: number) =>
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `L2Watchtower-prod-${name}`,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Statistic: statistic,
        Period: 300,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        AlarmActions: actions,
        OKActions: actions,
      })
    lambdaAlarm('tick-errors', 'Errors', 'Sum', 1)
    lambdaAlarm('tick-throttles', 'Throttles', 'Sum', 1)
    lambdaAlarm('tick-duration-near-timeout', 'Duration', 'Maximum', 0.85 * 75_000)

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'L2Watchtower-prod-heartbeat-missing',
      AlarmDescription: Match.stringLikeRegexp("DEAD MAN'S SWITCH"),
      Namespace: 'L2Watchtower',
      MetricName: 'heartbeat',
      Dimensions: [{ Name: 'service', Value: 'watchtower-prod' }],
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'breaching',
      AlarmActions: actions,
      OKActions: actions,
    })
    synth({ heartbeatSilence: Duration.minutes(10) }).template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'heartbeat',
      Dimensions: [{ Name: 'service', Value: 'watchtower' }],
      EvaluationPeriods: 10,
    })
  })

  it('builds a dashboard: per chain head age, lag and state-root age with thresholds drawn; the watcher’s health', () => {
    const config = makeConfig({}, [{ ...opChain, thresholds: { liveness: { warn: 40, crit: 200 } } }, evmChain])
    const { template: t } = synth({ config, stage: 'staging' })
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1)
    const dashboard = Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0]!
    expect(dashboard.Properties.DashboardName).toBe('L2Watchtower-staging')
    const body = JSON.parse(
      (dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(''),
    ) as { widgets: { properties: Record<string, any> }[] }
    const graph = (title: string) => body.widgets.find((w) => w.properties.title === title)?.properties
    const op = resolveThresholds('op-stack', { liveness: { warn: 40, crit: 200 } })

    const headAge = graph('op-mainnet: head age')
    expect(headAge?.metrics).toEqual([
      ['L2Watchtower', 'value', 'chain', 'op-mainnet', 'check', 'liveness', 'service', 'watchtower-staging', { label: 'head age', stat: 'Maximum', period: 60 }],
    ])
    expect(headAge?.annotations.horizontal.map((a: { value: number }) => a.value)).toEqual([40, 200])
    expect(graph('op-mainnet: sequencer lag')?.annotations.horizontal.map((a: { value: number }) => a.value)).toEqual([
      op.sequencerLag.warn,
      op.sequencerLag.crit,
    ])
    expect(graph('op-mainnet: state-root age')?.metrics[0]).toContain('state-root-finality')
    expect(graph('op-mainnet: state-root age')?.annotations.horizontal.map((a: { value: number }) => a.value)).toEqual([
      op.stateRootFinality.warn,
      op.stateRootFinality.crit,
    ])
    // A plain EVM chain settles nowhere: head age only.
    expect(graph('plain: head age')).toBeDefined()
    expect(graph('plain: sequencer lag')).toBeUndefined()
    expect(graph('Ticks per minute (heartbeat)')?.metrics[0]).toEqual(
      expect.arrayContaining(['L2Watchtower', 'heartbeat', 'service', 'watchtower-staging']),
    )
    expect(body.widgets.some((w) => w.properties.title === 'Self-monitoring alarms')).toBe(true)
  })

  it('tags every taggable resource with project and stage', () => {
    const tagged = Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: unknown } }>).filter(
      ([, resource]) => resource.Properties?.Tags !== undefined,
    )
    expect(tagged.length).toBeGreaterThanOrEqual(10)
    for (const [id, resource] of tagged) {
      const tags = resource.Properties!.Tags
      const pairs = Array.isArray(tags)
        ? Object.fromEntries((tags as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value]))
        : (tags as Record<string, string>)
      expect(pairs, id).toMatchObject({ project: 'l2-watchtower', stage: 'prod' })
    }
    for (const type of ['AWS::Lambda::Function', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::SNS::Topic', 'AWS::IAM::Role'])
      expect(tagged.some(([, resource]) => resource.Type === type), type).toBe(true)
  })

  it('warns at synth about RPC URLs that look like they carry an API key', () => {
    const keyed = makeConfig({}, [{ ...opChain, l1Rpc: ['https://eth-mainnet.g.alchemy.com/v2/abcdefghijklmnopqrstuvwxyz'] }])
    const { stack: keyedStack } = synth({ config: keyed })
    Annotations.fromStack(keyedStack).hasWarning('*', Match.stringLikeRegexp('op-mainnet.l1Rpc\\[0\\] look like they carry an API key'))
    expect(Annotations.fromStack(synth().stack).findWarning('*', Match.stringLikeRegexp('API key'))).toHaveLength(0)
  })

  it('fails at synth with a plain message on bad props, listing every problem', () => {
    expect(() => synth({ scheduleRate: Duration.seconds(30) })).toThrow('scheduleRate must be at least 1 minute (got 30 seconds)')
    expect(() => synth({ scheduleRate: Duration.seconds(90) })).toThrow('scheduleRate must be a whole number of minutes')
    expect(() => synth({ tableName: 'no spaces allowed' })).toThrow('tableName "no spaces allowed" must be')
    expect(() => synth({ pollsPerInvocation: 5 })).toThrow('pollsPerInvocation × pollIntervalSeconds (5 × 15 s) must not exceed the schedule rate (60 s)')
    expect(() => synth({ pollIntervalSeconds: 2 })).toThrow('pollIntervalSeconds must be a whole number ≥ 5 (got 2)')
    expect(() => synth({ heartbeatSilence: Duration.minutes(1) })).toThrow('heartbeatSilence (1 minute) must be at least twice the schedule rate')
    expect(() => synth({ reservedConcurrency: 0 })).toThrow('reservedConcurrency must be a whole number ≥ 1')
    expect(() => synth({ alarmEmails: ['not-an-email'] })).toThrow('alarmEmails: "not-an-email" is not an e-mail address')
    expect(() => synth({ stage: 'Prod!' })).toThrow('stage "Prod!" must be')
    expect(() =>
      synth({ config: makeConfig({ slack: { channel: '#a', tokenEnv: 'BOT' }, telegram: { chatId: 1, tokenEnv: 'BOT' } }) }),
    ).toThrow('each bot token needs its own env var name')
    expect(() => synth({ scheduleRate: Duration.seconds(1), tableName: 'x' })).toThrow(/scheduleRate must be at least 1 minute[\s\S]*tableName "x"/)
  })

  it('matches the snapshot (asset hashes normalised)', () => {
    const normalised = template.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: unknown }> }
    for (const resource of Object.values(normalised.Resources)) {
      if (resource.Type === 'AWS::Lambda::Function') resource.Properties.Code = '<asset>'
      delete resource.Metadata
    }
    expect(JSON.parse(JSON.stringify(normalised).replace(/[0-9a-f]{64}/g, '<hash>'))).toMatchSnapshot()
  })
})
