/** Whole minutes fix the phase of every block time that divides 60 s: the L1's 12 s slots and the L2's blocks. */
const phasePeriod = 60

/**
 * The replay's virtual start at or after `earliest`, always at the same phase: 1 s past a whole minute. The devnets'
 * heads, and so `earliest`, come from the wall clock at start-up; with them the L1 slots fell at another offset in
 * every run, and in about one run of twelve an event's offset landed on a slot, so its L1 transaction (strictly after
 * that slot's block) was stamped 1 s late and a crossing 30 min later came a tick late. At this phase no offset that
 * is a multiple of 3 s is an L1 slot (1 + 3k is never a multiple of 12), and every run lays out the same timeline.
 */
export function alignStartTime(earliest: number): number {
  return Math.ceil((earliest - 1) / phasePeriod) * phasePeriod + 1
}
