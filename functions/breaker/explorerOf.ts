import type { Endpoint, EndpointClients } from './endpoints.js'

/** A route record's `explorer` field: spread into the record, empty where no explorer is known. */
export function explorerOf(clients: EndpointClients, endpoint: Endpoint): { explorer?: string } {
  const explorer = clients.explorer(endpoint)
  return explorer ? { explorer } : {}
}
