import type { RetentionDays } from 'aws-cdk-lib/aws-logs'

/**
 * One deployment of the watchtower (staging, prod, …): its own stack, table, secrets, key, alarms and
 * dashboard, and its own watched config file. Stages live in config/stages/stages.ts.
 */
export interface StageConfig {
  /** CloudFormation stack name, e.g. `L2Watchtower-prod`. */
  readonly stackName: string
  /** Watched config (chains, notify), relative to the repo root, e.g. `config/stages/prod.yaml`. */
  readonly configFile: string
  /** Target account and region; default: the CLI's (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION), else agnostic. */
  readonly account?: string
  readonly region?: string
  /** Ticks per scheduled invocation. @default 4 */
  readonly pollsPerInvocation?: number
  /** Seconds between those ticks. @default 15 */
  readonly pollIntervalSeconds?: number
  /**
   * Reserved concurrency for the tick function. 1 makes Lambda itself refuse a second concurrent tick
   * (the DynamoDB lease already prevents overlapping ticks). Accounts with the new-account concurrency limit
   * of 10 cannot reserve any (Lambda keeps 10 unreserved): leave unset there. @default unset
   */
  readonly reservedConcurrency?: number
  /** Create the `RpcUrls` secret (chain name → RPC URLs carrying API keys). @default false */
  readonly rpcUrlsSecret?: boolean
  /** Also e-mail the self-monitoring alarms here (SNS e-mail subscriptions; each must be confirmed). */
  readonly alarmEmails?: readonly string[]
  /** Minutes without a tick before the heartbeat alarm fires. @default 5 */
  readonly heartbeatSilenceMinutes?: number
  /** CloudWatch Logs retention of both functions. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays
  /** Extra tags on every resource (project and stage tags are always set). */
  readonly tags?: Readonly<Record<string, string>>
}

export const stageNamePattern = /^[a-z][a-z0-9-]{0,19}$/

/** Problems with a stage's settings that do not depend on the watched config, one sentence each. */
export function stageProblems(name: string, stage: StageConfig): string[] {
  const problems: string[] = []
  if (!stageNamePattern.test(name)) problems.push(`stage name "${name}" must be 1-20 characters of a-z, 0-9 and -, starting with a letter`)
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stage.stackName))
    problems.push(`stackName "${stage.stackName}" must start with a letter and hold only A-Z, a-z, 0-9 and - (at most 128)`)
  if (!stage.configFile || stage.configFile.trim() === '') problems.push('configFile must name the watched config file')
  if (stage.account !== undefined && !/^\d{12}$/.test(stage.account)) problems.push(`account "${stage.account}" must be 12 digits`)
  if (stage.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(stage.region))
    problems.push(`region "${stage.region}" is not an AWS region name like eu-west-1`)
  return problems
}
