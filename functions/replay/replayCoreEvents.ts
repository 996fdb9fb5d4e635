import type { EventName } from './scenarioSchema.js'

/** Events the sampled L2 itself carries out, on every stack (createReplayDriver): head, reorgs, RPC endpoints. */
export const sampledL2Events = ['head-halt', 'head-resume', 'reorg', 'rpc-stuck', 'rpc-down', 'rpc-future', 'rpc-recover'] as const satisfies readonly EventName[]

/** Events of the batch/root cadence, on stacks that post batches and roots to L1 (the stack supplies the posts). */
export const cadenceEvents = ['batches-stop', 'batches-resume', 'roots-stop', 'roots-resume', 'root-invalid'] as const satisfies readonly EventName[]

/** Events of the blocks' transactions, on stacks whose runs carry them (ReplayStack.blockTransactions). */
export const transactionEvents = ['empty-blocks', 'empty-blocks-end'] as const satisfies readonly EventName[]

export type CoreEventName = (typeof sampledL2Events)[number] | (typeof cadenceEvents)[number] | (typeof transactionEvents)[number]
