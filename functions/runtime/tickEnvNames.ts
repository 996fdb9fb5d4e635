/** Environment the CDK stack sets (see lib/WatchtowerStack.ts). */
export const tickEnvNames = {
  table: 'WATCHTOWER_TABLE',
  /** JSON object: token env var name (config.notify.*.tokenEnv) → Secrets Manager secret ARN. */
  secrets: 'WATCHTOWER_SECRETS',
  /** ARN of the optional RpcUrls secret (chain name → RPC URLs with API keys). */
  rpcUrlsSecret: 'WATCHTOWER_RPC_URLS_SECRET',
  /** The breaker's KMS key (ECC_SECG_P256K1, SIGN_VERIFY). */
  breakerKey: 'WATCHTOWER_BREAKER_KMS_KEY_ID',
} as const
