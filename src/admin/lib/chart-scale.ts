/**
 * A value axis for whole points: ticks from 0 in steps of 1, 2 or 5 times a power of ten, about
 * `count` of them, the last at or above `max`. With nothing to show (max 0) the axis runs 0–1.
 */
export function pointTicks(max: number, count = 4): number[] {
  const top = Math.max(1, Math.ceil(max))
  const raw = top / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(1, [1, 2, 5, 10].map((nice) => nice * magnitude).find((nice) => nice >= raw) ?? 10 * magnitude)
  const ticks = [0]
  while (ticks[ticks.length - 1] < top) {
    ticks.push(ticks[ticks.length - 1] + step)
  }
  return ticks
}
