import type { Status, StatusChange, Verdict } from '../../functions/types.js'

/** 2024-05-01 12:00:00 UTC */
export const NOW = 1_714_564_800

/** A liveness change on op-mainnet, ok → crit at NOW with a 47 min old head, unless overridden. */
export function change(
  overrides: Partial<Omit<StatusChange, 'verdict'>> & { verdict?: Partial<Verdict> } = {},
): StatusChange {
  const { verdict, ...rest } = overrides
  return {
    previous: 'ok' as Status,
    since: NOW,
    ...rest,
    verdict: {
      chain: 'op-mainnet',
      check: 'liveness',
      status: 'crit',
      value: 47 * 60,
      unit: 's',
      reason: 'no new L2 block for 47 min',
      threshold: { warn: 600, crit: 1800 },
      ...verdict,
    },
  }
}
