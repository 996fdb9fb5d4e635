/**
 * The sequencing window in L1 blocks (3600 on OP Mainnet and Base): data for an L1 block's epoch must be batched
 * within it, else derivation fills the epoch with deposit-only blocks, so a deposit is in by its block + this.
 */
export const sequencingWindowBlocks = 3_600n
