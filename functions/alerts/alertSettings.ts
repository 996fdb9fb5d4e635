import type { AlertsConfig, ChainConfig, WatchtowerConfig } from '../config/schema.js'

export interface AlertSettings {
  readonly for: number
  readonly forSeconds?: number
  readonly clearFor: number
  readonly repeatInterval: { readonly warn: number; readonly crit: number }
  readonly groupWait: number
  readonly rpcUnavailableAfter: number
  readonly deliveryExpiry: number
}

/**
 * Defaults: two consecutive observations to fire or clear (one bad RPC answer never pages), reminders every
 * 4 h for warn and 30 min for crit (Alertmanager-like), 30 s grouping, blind for a minute before paging.
 */
export const defaultAlertSettings: AlertSettings = {
  for: 2,
  clearFor: 2,
  repeatInterval: { warn: 4 * 3600, crit: 30 * 60 },
  groupWait: 30,
  rpcUnavailableAfter: 60,
  deliveryExpiry: 24 * 3600,
}

function merge(base: AlertSettings, override: AlertsConfig | undefined): AlertSettings {
  if (!override) return base
  const { repeatInterval, ...rest } = override
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
  return {
    ...base,
    ...defined,
    repeatInterval: { ...base.repeatInterval, ...Object.fromEntries(Object.entries(repeatInterval ?? {}).filter(([, v]) => v !== undefined)) },
  }
}

/** Per chain: the chain's `alerts` over the global `alerts` over the defaults. */
export function resolveAlertSettings(config: Pick<WatchtowerConfig, 'alerts'>, chain: Pick<ChainConfig, 'alerts'>): AlertSettings {
  return merge(merge(defaultAlertSettings, config.alerts), chain.alerts)
}
