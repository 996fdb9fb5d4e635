import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'

const dirs: string[] = []
const newStateDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchtower-statedir-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const mute = { chain: 'base', check: '*', until: 2_000_000_000, createdAt: 1 }

describe('local state dir', () => {
  it('a second opener uses a shared owner’s server while it runs; an exclusive one is refused; the lock goes with the owner', async () => {
    const stateDir = newStateDir()
    const owner = await openEmbeddedTable({ stateDir, owner: { command: 'run', intervalSeconds: 15, shared: true } })
    expect(owner.attached).toBe(false)
    const lock = JSON.parse(readFileSync(join(stateDir, 'watchtower.lock'), 'utf8'))
    expect(lock).toMatchObject({ pid: process.pid, command: 'run', intervalSeconds: 15, endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) })

    const guest = await openEmbeddedTable({ stateDir })
    expect(guest.attached).toBe(true)
    expect(guest.lock?.intervalSeconds).toBe(15)
    await createDynamoStore({ tableName: guest.tableName, client: guest.client }).putMute(mute)
    expect(await createDynamoStore({ tableName: owner.tableName, client: owner.client }).getMutes()).toEqual([mute])
    await guest.close()

    await expect(openEmbeddedTable({ stateDir, exclusive: true })).rejects.toThrow(`state dir ${stateDir} is in use by another watchtower process (pid ${process.pid}, watchtower run)`)
    await owner.close()
    expect(existsSync(join(stateDir, 'watchtower.lock'))).toBe(false)

    const next = await openEmbeddedTable({ stateDir, exclusive: true })
    expect(next.attached).toBe(false)
    expect(await createDynamoStore({ tableName: next.tableName, client: next.client }).getMutes()).toEqual([mute])

    // A short-lived owner is not shared: a second opener waits for it to finish, then owns the dir.
    const waiting = openEmbeddedTable({ stateDir })
    await new Promise((r) => setTimeout(r, 300))
    await next.close()
    const after = await waiting
    expect(after.attached).toBe(false)
    await after.close()
  })

  it('takes over a lock left by a crash whose PID now names another process (PID 1), with or without a start time', async () => {
    for (const content of [JSON.stringify({ pid: 1, startTime: '999999999999', startedAt: 1, endpoint: 'http://127.0.0.1:9' }), '1\n']) {
      const stateDir = newStateDir()
      writeFileSync(join(stateDir, 'watchtower.lock'), content)
      const table = await openEmbeddedTable({ stateDir, exclusive: true, waitMs: 500 })
      expect(table.attached).toBe(false)
      expect(table.lock?.pid).toBe(process.pid)
      await table.close()
    }
  })

  it('a damaged state dir is a clear error naming the dir and what to do', async () => {
    const stateDir = newStateDir()
    await (await openEmbeddedTable({ stateDir })).close()
    writeFileSync(join(stateDir, 'dynamodb', 'CURRENT'), 'MANIFEST-999999\n')
    await expect(openEmbeddedTable({ stateDir })).rejects.toThrow(new RegExp(`state dir ${stateDir} cannot be opened: its database looks damaged[\\s\\S]*mv ${stateDir} ${stateDir}\\.broken`))
    // …and leaves no lock behind.
    expect(existsSync(join(stateDir, 'watchtower.lock'))).toBe(false)
  })

  it('a path that cannot be created fails at once', async () => {
    await expect(openEmbeddedTable({ stateDir: '/proc/watchtower/state' })).rejects.toThrow(/cannot create state dir \/proc\/watchtower\/state: mkdir \/proc\/watchtower: ENOENT/)
    const file = join(newStateDir(), 'file')
    writeFileSync(file, '')
    await expect(openEmbeddedTable({ stateDir: join(file, 'state') })).rejects.toThrow(/is not a directory/)
  })
})
