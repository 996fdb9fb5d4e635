// Kept apart from breakerCommands.ts so `watchtower --help` does not load the breaker's SDKs.
export const breakerUsage = `watchtower breaker — the circuit breaker's commands

Usage:
  watchtower breaker status [--json]      actions, mode, readiness, last decisions and transactions
  watchtower breaker test ACTION [--json] run the readiness check now (simulation, balances, KMS key)
  watchtower breaker resume ACTION        send the unpause, once resuming has been announced as safe
  watchtower breaker address              the signer's address (grant it the pauser role, fund it)

Exit codes: 0 ok; 1 not ready / refused / failed; 64 usage; 3 config or runtime error.`
