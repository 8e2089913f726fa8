import { pointTicks } from "../chart-scale"

describe("pointTicks", () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [7, [0, 2, 4, 6, 8]],
    [10, [0, 5, 10]],
    [95, [0, 50, 100]],
    [1070, [0, 500, 1000, 1500]],
    [4000, [0, 1000, 2000, 3000, 4000]],
    [12_345, [0, 5000, 10_000, 15_000]],
  ])("runs from 0 past %d in round whole steps: %j", (max, ticks) => {
    expect(pointTicks(max)).toEqual(ticks)
  })
})
