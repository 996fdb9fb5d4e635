/**
 * CDK app for L2 Watchtower: one stack per stage (config/stages/stages.ts).
 *
 *   npx cdk synth                       # stage "staging"
 *   npx cdk deploy -c stage=prod        # stage "prod", watching config/stages/prod.yaml
 *   npx cdk synth -c stage=prod -c config=path/to/other.yaml   # same stage, another watched config
 *
 * Synth needs no AWS credentials and no network: the stack is environment-agnostic unless the stage names an
 * account/region or CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION are set. cdk-nag (AwsSolutions) runs on every
 * synth; a finding fails it.
 */
import { isAbsolute, relative, resolve } from 'node:path'
import { App, Duration, Tags, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { defaultStage, stages } from '../config/stages/stages.js'
import { ConfigError } from '../functions/config/ConfigError.js'
import { loadConfig } from '../functions/config/loadConfig.js'
import type { WatchtowerConfig } from '../functions/config/schema.js'
import { repoRoot } from '../lib/paths.js'
import { stageProblems, type StageConfig } from '../lib/stages.js'
import { WatchtowerStack, WatchtowerStackError } from '../lib/WatchtowerStack.js'

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key)
  if (value === undefined || value === null || value === '') return undefined
  return String(value)
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}

const app = new App()

const stageName = contextString(app, 'stage') ?? defaultStage
const known: Readonly<Record<string, StageConfig>> = stages
const stage = Object.hasOwn(known, stageName) ? known[stageName] : undefined
if (!stage) fail(`Unknown stage "${stageName}": use -c stage=${Object.keys(known).join(' or -c stage=')} (config/stages/stages.ts)`)
const problems = stageProblems(stageName, stage)
if (problems.length > 0) fail(`Invalid stage "${stageName}" in config/stages/stages.ts:\n${problems.map((p) => `  - ${p}`).join('\n')}`)

const explicitConfig = contextString(app, 'config')
const configPath = explicitConfig ? resolve(process.cwd(), explicitConfig) : resolve(repoRoot, stage.configFile)

let config: WatchtowerConfig
try {
  config = loadConfig(configPath)
} catch (error) {
  if (error instanceof ConfigError) {
    const lines = error.issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`)
    fail(`${error.shortMessage}\n${lines.join('\n')}`)
  }
  throw error
}

const account = stage.account ?? process.env.CDK_DEFAULT_ACCOUNT
const region = stage.region ?? process.env.CDK_DEFAULT_REGION

try {
  const stack = new WatchtowerStack(app, stage.stackName, {
    stage: stageName,
    config,
    configSource: shown(configPath),
    ...(account || region ? { env: { account, region } } : {}),
    ...(stage.pollsPerInvocation !== undefined ? { pollsPerInvocation: stage.pollsPerInvocation } : {}),
    ...(stage.pollIntervalSeconds !== undefined ? { pollIntervalSeconds: stage.pollIntervalSeconds } : {}),
    ...(stage.reservedConcurrency !== undefined ? { reservedConcurrency: stage.reservedConcurrency } : {}),
    ...(stage.rpcUrlsSecret !== undefined ? { rpcUrlsSecret: stage.rpcUrlsSecret } : {}),
    ...(stage.alarmEmails !== undefined ? { alarmEmails: stage.alarmEmails } : {}),
    ...(stage.heartbeatSilenceMinutes !== undefined ? { heartbeatSilence: Duration.minutes(stage.heartbeatSilenceMinutes) } : {}),
    ...(stage.logRetention !== undefined ? { logRetention: stage.logRetention } : {}),
  })
  for (const [key, value] of Object.entries(stage.tags ?? {})) Tags.of(stack).add(key, value)
} catch (error) {
  if (error instanceof WatchtowerStackError) fail(error.message)
  throw error
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
app.synth()
