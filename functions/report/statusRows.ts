import type { CheckState, Heartbeat } from '../store/Store.js'
import { checkNames, type Verdict } from '../types.js'

/**
 * The rows of a status view: every configured chain×check from its stored state (plus any chain with an open
 * incident, configured or not), the last tick's fresh verdict where the heartbeat has it (the worst not-ok ones).
 * An ok state is written only when it turns ok: its value and reason are as of then (`since`).
 */
export function statusRows(states: ReadonlyMap<string, CheckState>, heartbeat: Heartbeat | undefined, chains: readonly string[]): Verdict[] {
  const fresh = new Map((heartbeat?.notOk ?? []).map((verdict) => [`${verdict.chain}#${verdict.check}`, verdict]))
  const position = new Map(chains.map((chain, i) => [chain, i]))
  const order = (chain: string) => position.get(chain) ?? chains.length
  return [...states.values()]
    .filter((state) => position.has(state.chain) || state.incident)
    .sort((a, b) => order(a.chain) - order(b.chain) || a.chain.localeCompare(b.chain) || checkNames.indexOf(a.check) - checkNames.indexOf(b.check))
    .map(
      (state) =>
        fresh.get(`${state.chain}#${state.check}`) ?? {
          chain: state.chain,
          check: state.check,
          status: state.status,
          value: state.value,
          unit: 's',
          reason: state.reason,
          threshold: state.threshold,
        },
    )
}
