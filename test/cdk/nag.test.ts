// cdk-nag 3 (AwsSolutions) on every stage, as `cdk synth` runs it: a finding fails the synth.
import { resolve } from 'node:path'
import { Stack, Validations } from 'aws-cdk-lib'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { AwsSolutionsChecks } from 'cdk-nag'
import { describe, expect, it } from 'vitest'
import { stages } from '../../config/stages/stages.js'
import { loadConfig } from '../../functions/config/loadConfig.js'
import { repoRoot } from '../../lib/paths.js'
import { WatchtowerStack } from '../../lib/WatchtowerStack.js'
import { makeConfig, testApp } from './synth.js'

function synthWithNag(build: (app: ReturnType<typeof testApp>) => void): void {
  const app = testApp()
  build(app)
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  app.synth()
}

describe('cdk-nag AwsSolutionsChecks', { timeout: 180_000 }, () => {
  it('is really running: an unacknowledged finding fails the synth', () => {
    expect(() =>
      synthWithNag((app) => {
        new Secret(new Stack(app, 'Probe'), 'Unrotated')
      }),
    ).toThrow(/AwsSolutions-SMG4/)
  })

  for (const [name, stage] of Object.entries(stages))
    it(`finds nothing unacknowledged in the ${name} stage`, () => {
      expect(() =>
        synthWithNag((app) => {
          new WatchtowerStack(app, stage.stackName, {
            stage: name,
            config: loadConfig(resolve(repoRoot, stage.configFile)),
            configSource: stage.configFile,
            ...('reservedConcurrency' in stage ? { reservedConcurrency: stage.reservedConcurrency } : {}),
            ...('rpcUrlsSecret' in stage ? { rpcUrlsSecret: stage.rpcUrlsSecret } : {}),
          })
        }),
      ).not.toThrow()
    })

  it('finds nothing with no chat channels and with e-mail subscriptions', () => {
    expect(() =>
      synthWithNag((app) => {
        new WatchtowerStack(app, 'Bare', { config: makeConfig(), configSource: 'inline', alarmEmails: ['ops@example.com'] })
      }),
    ).not.toThrow()
  })

  it('every acknowledgement carries a written reason', () => {
    const app = testApp()
    const stack = new WatchtowerStack(app, 'Acks', {
      stage: 'prod',
      config: makeConfig({ slack: { channel: '#a' }, telegram: { chatId: 1 } }),
      configSource: 'inline',
      rpcUrlsSecret: true,
    })
    const acknowledged = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ id, reason })))
    expect(acknowledged.map((ack) => ack.id).sort()).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::<Tick6513F4AE.Arn>:*]',
      'AwsSolutions::AwsSolutions-SMG4',
      'AwsSolutions::AwsSolutions-SMG4',
      'AwsSolutions::AwsSolutions-SMG4',
      'AwsSolutions::AwsSolutions-SNS2',
    ])
    for (const ack of acknowledged) expect(ack.reason.length, ack.id).toBeGreaterThan(60)
  })
})
