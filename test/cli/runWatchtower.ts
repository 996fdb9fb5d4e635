import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')

/** Runs the real CLI as a user would; resolves with the exit code instead of throwing on non-zero. */
export async function runWatchtower(args: string[], cwd: string, timeoutMs = 90_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd, timeout: timeoutMs })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
