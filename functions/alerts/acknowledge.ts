import type { Store } from '../store/Store.js'

/**
 * Acknowledges the open incidents of a chain (`*`: every chain), or of one chain×check: reminders stop until the incident worsens
 * or resolves. Returns the acknowledged `chain#check` keys. A concurrent tick that moved a state on wins; the
 * ack is retried once against the new version. `by` records who acknowledged (chat ops: the user).
 */
export async function acknowledge(store: Store, { chain, check, now, by }: { chain: string; check?: string; now: number; by?: string }): Promise<string[]> {
  const acked: string[] = []
  for (let attempt = 0; attempt < 2; attempt++) {
    const states = await store.getCheckStates()
    const pending = [...states.values()].filter(
      (s) => (chain === '*' || s.chain === chain) && (!check || s.check === check) && s.incident && s.incident.ackedStatus === undefined && !acked.includes(`${s.chain}#${s.check}`),
    )
    if (pending.length === 0) break
    for (const state of pending) {
      const incident = { ...state.incident!, ackedStatus: state.incident!.status, ackedAt: now, ...(by ? { ackedBy: by } : {}) }
      if (await store.putCheckState({ ...state, incident, version: state.version + 1, updatedAt: now }, state.version))
        acked.push(`${state.chain}#${state.check}`)
    }
  }
  return acked
}
