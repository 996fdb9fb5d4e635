import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { ILogGroup } from 'aws-cdk-lib/aws-logs'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'

export interface FunctionRoleProps {
  readonly description: string
  /** The function's own log group: the role writes there and nowhere else. */
  readonly logGroup: ILogGroup
  readonly table: ITableV2
  /** Statement id of the table grant (what the function uses the table for, e.g. UseOwnTable, UseOutbox). */
  readonly tableSid: string
  readonly tableActions: readonly string[]
  /** Secrets the function reads at cold start (none: no statement). */
  readonly secrets: readonly ISecret[]
}

/**
 * A Lambda role with only what one watchtower function needs: its log group, its table actions, its secrets. No
 * managed policies (cdk-nag AwsSolutions-IAM4), no wildcards beyond the table's own resource.
 */
export function createFunctionRole(scope: Construct, id: string, props: FunctionRoleProps): Role {
  const role = new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: props.description })
  role.addToPrincipalPolicy(new PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroup.logGroupArn] }))
  role.addToPrincipalPolicy(new PolicyStatement({ sid: props.tableSid, actions: [...props.tableActions], resources: [props.table.tableArn] }))
  if (props.secrets.length > 0)
    role.addToPrincipalPolicy(new PolicyStatement({ sid: 'ReadOwnSecrets', actions: ['secretsmanager:GetSecretValue'], resources: props.secrets.map((secret) => secret.secretArn) }))
  return role
}
