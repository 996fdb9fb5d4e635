import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

/** What each channel secret (bot token, routing key, webhook URL, …) holds until the operator puts the real token in (the CDK stack creates it so). */
export const secretPlaceholder = 'REPLACE_ME'

/**
 * Config names secrets by env var (`tokenEnv`, `routingKeyEnv`, `webhookUrlEnv`, …); in AWS the stack maps each such name to a Secrets Manager
 * secret. Resolve them once per container so the rest of the code reads tokens the same way everywhere.
 */
export async function loadSecretsIntoEnv(
  secretArnsByEnvName: Record<string, string>,
  env: Record<string, string | undefined> = process.env,
  client: SecretsManagerClient = new SecretsManagerClient({}),
): Promise<string[]> {
  const problems: string[] = []
  await Promise.all(
    Object.entries(secretArnsByEnvName).map(async ([envName, secretId]) => {
      if (env[envName]) return
      try {
        const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }))
        const value = SecretString?.trim()
        if (value && value !== secretPlaceholder) env[envName] = value
        else problems.push(`the secret for ${envName} holds no value yet (${value ? secretPlaceholder : 'empty'}): put the ${envName} value in it (aws secretsmanager put-secret-value)`)
      } catch (error) {
        problems.push(`cannot read the secret for ${envName}: ${(error as Error).name}`)
      }
    }),
  )
  return problems
}
