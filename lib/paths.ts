import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (lib/ is one level below it). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** The Lambda entry points, bundled with the local esbuild. */
export const tickEntry = resolve(repoRoot, 'functions/handlers/tick.ts')
export const alarmNotifierEntry = resolve(repoRoot, 'functions/handlers/alarmNotifier.ts')
export const chatEntry = resolve(repoRoot, 'functions/handlers/chat.ts')
