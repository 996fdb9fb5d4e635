import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HeadMemory } from '../../functions/chains/rememberHead.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'

const head = (partial: Partial<HeadMemory> = {}): HeadMemory => ({
  chain: 'op-mainnet',
  number: 100,
  hash: '0xaa',
  timestamp: 1000,
  firstSeenAt: 1001,
  version: 1,
  ...partial,
})

describe('head memory in the store (HEAD / <chain>)', () => {
  let table: EmbeddedTable
  let store: Store
  beforeAll(async () => {
    table = await openEmbeddedTable()
    store = createDynamoStore({ tableName: table.tableName, client: table.client })
  })
  afterAll(() => table.close())

  it('all chains in one Query, each under its own name', async () => {
    for (let i = 0; i < 30; i++) expect(await store.putHeadMemory(head({ chain: `chain-${i}`, number: i }), undefined)).toBe(true)
    const memories = await store.getHeadMemories()
    expect(memories.size).toBe(30)
    expect(memories.get('chain-7')).toEqual(head({ chain: 'chain-7', number: 7 }))
  })

  it('conditional: a stale version loses, but a higher head always wins a race; the number never goes back by accident', async () => {
    expect(await store.putHeadMemory(head(), undefined)).toBe(true)
    expect(await store.putHeadMemory(head({ number: 90, version: 2 }), undefined)).toBe(false) // "first" write, but one exists
    expect(await store.putHeadMemory(head({ number: 101, version: 2 }), 1)).toBe(true)
    // A racing tick that read version 1 and saw the same head #100 cannot overwrite #101 …
    expect(await store.putHeadMemory(head({ number: 100, behindSince: 5, version: 2 }), 1)).toBe(false)
    // … one that saw a higher head can.
    expect(await store.putHeadMemory(head({ number: 102, firstSeenAt: 1010, version: 2 }), 1)).toBe(true)
    expect((await store.getHeadMemories()).get('op-mainnet')).toMatchObject({ number: 102, firstSeenAt: 1010 })
    // The owner of the current version may move it (e.g. accept a reset after an hour below).
    expect(await store.putHeadMemory(head({ number: 3, firstSeenAt: 5000, version: 3 }), 2)).toBe(true)
    expect((await store.getHeadMemories()).get('op-mainnet')).toMatchObject({ number: 3, version: 3 })
  })
})
