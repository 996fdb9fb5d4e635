import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { describe, expect, it } from 'vitest'
import { loadSecretsIntoEnv, secretPlaceholder } from '../../functions/runtime/loadSecretsIntoEnv.js'

/** A Secrets Manager that answers from a map (an absent id is a ResourceNotFoundException, as AWS answers). */
function secretsManager(values: Record<string, string>): SecretsManagerClient {
  return {
    send: async (command: GetSecretValueCommand) => {
      const id = command.input.SecretId!
      if (!(id in values)) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' })
      return { SecretString: values[id] }
    },
  } as unknown as SecretsManagerClient
}

describe('loadSecretsIntoEnv', () => {
  it('puts each secret into its env var and names every one it could not read, by what it is', async () => {
    const env: Record<string, string | undefined> = { ALREADY_SET: 'kept' }
    const problems = await loadSecretsIntoEnv(
      { SLACK_BOT_TOKEN: 'arn:slack', PAGERDUTY_ROUTING_KEY: 'arn:pd', DISCORD_WEBHOOK_URL: 'arn:discord', WEBHOOK_URL: 'arn:gone', ALREADY_SET: 'arn:other' },
      env,
      secretsManager({ 'arn:slack': ' xoxb-1 \n', 'arn:pd': secretPlaceholder, 'arn:discord': '', 'arn:other': 'not read' }),
    )
    expect(env.SLACK_BOT_TOKEN).toBe('xoxb-1')
    expect(env.ALREADY_SET).toBe('kept')
    expect(env.PAGERDUTY_ROUTING_KEY).toBeUndefined()
    expect(problems.sort()).toEqual([
      'cannot read the secret for WEBHOOK_URL: ResourceNotFoundException',
      'the secret for DISCORD_WEBHOOK_URL holds no value yet (empty): put the DISCORD_WEBHOOK_URL value in it (aws secretsmanager put-secret-value)',
      `the secret for PAGERDUTY_ROUTING_KEY holds no value yet (${secretPlaceholder}): put the PAGERDUTY_ROUTING_KEY value in it (aws secretsmanager put-secret-value)`,
    ])
  })
})
