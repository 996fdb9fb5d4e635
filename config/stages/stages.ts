/**
 * Deployment stages: `npx cdk deploy -c stage=<name>` (default: staging). Each stage has its own stack, table,
 * secrets, breaker key, alarms and dashboard, and watches the chains of its own config file.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { StageConfig } from '../../lib/stages.js'

export const defaultStage = 'staging'

export const stages = {
  staging: {
    stackName: 'L2Watchtower-staging',
    configFile: 'config/stages/staging.yaml',
    pollsPerInvocation: 4,
    pollIntervalSeconds: 15,
    heartbeatSilenceMinutes: 5,
    logRetention: RetentionDays.TWO_WEEKS,
  },
  prod: {
    stackName: 'L2Watchtower-prod',
    configFile: 'config/stages/prod.yaml',
    pollsPerInvocation: 4,
    pollIntervalSeconds: 15,
    // Lambda refuses a second concurrent tick on top of the DynamoDB lease. Remove this line if the deploy
    // fails with "decreases account's UnreservedConcurrentExecution below its minimum value of [10]".
    reservedConcurrency: 1,
    rpcUrlsSecret: true,
    heartbeatSilenceMinutes: 5,
    logRetention: RetentionDays.THREE_MONTHS,
    // alarmEmails: ['oncall@example.com'],
  },
} satisfies Record<string, StageConfig>

export type StageName = keyof typeof stages
