import { z } from 'zod'
import { configSchema } from './schema.js'

/** JSON Schema of the config file (input side: defaults are optional), for editor completion. */
export function toJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'L2 Watchtower config',
  }
}
