import { readFileSync } from 'node:fs'

/**
 * When a process started, as the kernel counts it (field 22 of /proc/PID/stat, clock ticks since boot);
 * undefined where there is no /proc or no such process. PID plus start time names one process for good:
 * a recycled PID (PID 1 in a fresh container) has another start time.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19]
  } catch {
    return undefined
  }
}
