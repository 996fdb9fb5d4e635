/** Where a log scan left off, kept in the store so a tick (or a new Lambda container) does not rescan history. */
export interface LogCursor {
  /** Last L1 block scanned, inclusive. */
  readonly scannedTo: bigint
  /** Block range the RPC accepted last (shrinks when a provider caps eth_getLogs ranges). */
  readonly range: bigint
  /** The newest matching log seen so far. */
  readonly latest?: FoundLog
}

export interface FoundLog {
  readonly blockNumber: bigint
  /** L1 unix seconds of the log's block. */
  readonly timestamp: number
  readonly eventName: string
  /** Decoded event arguments, stringified (bigints as decimal strings). */
  readonly args: Readonly<Record<string, string>>
}

/** Per-chain cursor persistence handed to adapters. */
export interface CursorStore {
  get(name: string): Promise<LogCursor | undefined>
  put(name: string, cursor: LogCursor): Promise<void>
}
