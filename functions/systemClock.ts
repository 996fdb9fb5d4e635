/** Unix seconds, the unit every check, store item and message uses. */
export const systemClock = () => Math.floor(Date.now() / 1000)
