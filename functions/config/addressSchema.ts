import { isAddress } from 'viem'
import { z } from 'zod'

/**
 * A 20-byte hex address. Mixed case must be a valid EIP-55 checksum (viem's strict isAddress): a typo'd address
 * would otherwise pass and only show up later as a contract that never answers. All-lowercase (or all-uppercase)
 * hex carries no checksum and is taken as written.
 */
export const addressSchema = z
  .string()
  .superRefine((value, ctx) => {
    if (!/^0x[0-9a-fA-F]{40}$/.test(value)) ctx.addIssue({ code: 'custom', message: 'must be a 0x-prefixed 20-byte hex address' })
    else {
      const hex = value.slice(2)
      const uniformCase = hex === hex.toLowerCase() || hex === hex.toUpperCase()
      if (!uniformCase && !isAddress(value, { strict: true }))
        ctx.addIssue({ code: 'custom', message: `"${value}" fails its EIP-55 checksum (a mistyped address?); copy it again from the chain's docs` })
    }
  })
  .transform((value) => value as `0x${string}`)
