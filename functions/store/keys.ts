/** Single-table layout. Every item has `pk` and `sk`; `ttl` (unix seconds) where an item should expire. */
export const statusPartition = 'STATUS'
export const heartbeatKey = { pk: 'HEARTBEAT', sk: 'tick' } as const
export const checkSortKey = (chain: string, check: string) => `${chain}#${check}`
export const cursorPartition = 'CURSOR'
export const outboxPartition = 'OUTBOX'
export const mutePartition = 'MUTE'
/**
 * The channel and the message's deterministic id, nothing else: two racing ticks that compute one message at
 * different times write one item (with the time in the key, each wrote its own and the message went out twice).
 * Delivery orders entries by their createdAt and order fields.
 */
export const outboxSortKey = (channel: string, id: string) => `${channel}#${id}`
/** What each chain's settlement rules were when last seen (sk = chain), for `proof-system` change warnings. */
export const proofSystemPartition = 'PROOFSYSTEM'
/** Per chain (sk = chain): the highest L2 head seen and when it was first seen, for wall-clock liveness. */
export const headPartition = 'HEAD'
/** Per channel and chain (sk = `<channel>#<chain>`): the living incident message's reference and what it shows. */
export const messagePartition = 'MESSAGE'
