import { proofSystemChangeWarnSeconds } from '../checks/proofSystem.js'
import type { Observation, ProofSystemChange } from '../types.js'

/** What the store keeps per chain: the facts last seen and the changes still inside the warning period. */
export interface ProofSystemMemory {
  readonly chain: string
  readonly facts: Readonly<Record<string, string>>
  readonly changes: readonly ProofSystemChange[]
  readonly updatedAt: number
}

export interface RememberedProofSystem {
  readonly observation: Observation
  /** The memory to store; undefined when nothing changed (no write). */
  readonly memory?: ProofSystemMemory
}

/**
 * Compares this tick's settlement facts with the remembered ones (pure): each fact whose value moved becomes a
 * change, kept for the warning period and attached to the observation for the `proof-system` check. The first
 * sighting of a chain only records (nothing to compare with); a failed read changes nothing.
 */
export function rememberProofSystem(observation: Observation, remembered: ProofSystemMemory | undefined, now: number): RememberedProofSystem {
  const reading = observation.proofSystem
  if (!reading?.ok) return { observation }
  const { facts } = reading.value
  const fresh = (remembered?.changes ?? []).filter((change) => now - change.at < proofSystemChangeWarnSeconds)
  const moved: ProofSystemChange[] = remembered
    ? Object.entries(facts)
        .filter(([fact, value]) => remembered.facts[fact] !== undefined && remembered.facts[fact] !== value)
        .map(([fact, to]) => ({ fact, from: remembered.facts[fact]!, to, at: now, ...(reading.value.l1Block !== undefined ? { l1Block: reading.value.l1Block } : {}) }))
    : []
  const changes = [...fresh, ...moved]
  const annotated: Observation = { ...observation, proofSystem: { ok: true, value: { ...reading.value, changes } } }
  const factsMoved = !remembered || Object.entries(facts).some(([fact, value]) => remembered.facts[fact] !== value)
  const expired = fresh.length !== (remembered?.changes.length ?? 0)
  if (!factsMoved && !expired) return { observation: annotated }
  return { observation: annotated, memory: { chain: observation.chain, facts: { ...remembered?.facts, ...facts }, changes, updatedAt: now } }
}
