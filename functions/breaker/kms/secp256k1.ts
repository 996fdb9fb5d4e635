// secp256k1 constants and the two checks the KMS signer needs, in plain bigint arithmetic.

/** Field prime p = 2^256 − 2^32 − 977. */
export const SECP256K1_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn
/** Group order n. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
/** n / 2: Ethereum (EIP-2) rejects signatures with s above it. */
export const SECP256K1_HALF_N = SECP256K1_N >> 1n

/** ECDSA allows both s and n − s; Ethereum only the lower one. The recovery id flips with it. */
export function toLowS(s: bigint): bigint {
  return s > SECP256K1_HALF_N ? SECP256K1_N - s : s
}

/** Whether (x, y) is on y² = x³ + 7 over the field, coordinates reduced. */
export function isOnSecp256k1(x: bigint, y: bigint): boolean {
  if (x < 0n || x >= SECP256K1_P || y < 0n || y >= SECP256K1_P) return false
  return (y * y - (x * x * x + 7n)) % SECP256K1_P === 0n
}
