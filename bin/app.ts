/**
 * CDK app for L2 Watchtower.
 *
 *   npx cdk synth -c config=path/to/watchtower.config.yaml [-c stackName=Watchtower]
 *
 * Without `-c config=`, uses ./watchtower.config.yaml, else the bundled config/mainnet.yaml.
 * Needs no AWS credentials to synth: the stack is environment-agnostic unless
 * CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION are set.
 */
import { relative, isAbsolute } from 'node:path'
import { App } from 'aws-cdk-lib'
import { ConfigError } from '../functions/config/ConfigError.js'
import { loadConfig, resolveConfigPath } from '../functions/config/loadConfig.js'
import type { WatchtowerConfig } from '../functions/config/schema.js'
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

const app = new App()
const configPath = resolveConfigPath(contextString(app, 'config'))
const shownPath = (() => {
  const rel = relative(process.cwd(), configPath)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : configPath
})()

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

const account = process.env.CDK_DEFAULT_ACCOUNT
const region = process.env.CDK_DEFAULT_REGION

try {
  new WatchtowerStack(app, contextString(app, 'stackName') ?? 'Watchtower', {
    config,
    configSource: shownPath,
    ...(account || region ? { env: { account, region } } : {}),
  })
} catch (error) {
  if (error instanceof WatchtowerStackError) fail(error.message)
  throw error
}

app.synth()
