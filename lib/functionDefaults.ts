import { resolve } from 'node:path'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { repoRoot } from './paths.js'

/** What every watchtower NodejsFunction shares: the runtime, the architecture and where its code comes from. */
export const functionDefaults = {
  handler: 'handler',
  projectRoot: repoRoot,
  depsLockFilePath: resolve(repoRoot, 'package-lock.json'),
  runtime: Runtime.NODEJS_24_X,
  architecture: Architecture.ARM_64,
} as const
