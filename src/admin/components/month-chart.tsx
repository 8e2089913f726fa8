import { Text } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { pointTicks } from "../lib/chart-scale"

export type Series = { key: string; label: string; color: string }

const AXIS_WIDTH = 56
const LABEL_HEIGHT = 20
const TOP_PAD = 8

/** The width of an element, followed as it changes. */
function useWidth<E extends HTMLElement>() {
  const ref = useRef<E>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const element = ref.current
    if (!element) {
      return
    }
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return [ref, width] as const
}

/**
 * Grouped bars, one group per month, across the whole width, with a value axis of round point
 * figures and its grid lines; each bar's value shows on hover.
 */
export const MonthChart = <Row extends { month: string }>({
  rows,
  series,
  height = 200,
}: {
  rows: Row[]
  series: Series[]
  height?: number
}) => {
  const { i18n } = useTranslation()
  const [ref, width] = useWidth<HTMLDivElement>()
  const format = new Intl.NumberFormat(i18n.language)
  const values = rows.flatMap((row) => series.map((s) => Number(row[s.key as keyof Row]) || 0))
  const ticks = pointTicks(Math.max(0, ...values))
  const top = ticks[ticks.length - 1]
  const plotWidth = Math.max(0, width - AXIS_WIDTH)
  const group = rows.length ? plotWidth / rows.length : 0
  const bar = Math.max(2, Math.min(16, (group - 12) / series.length))
  const y = (value: number) => TOP_PAD + height - (value / top) * height
  // Month labels that would overlap are thinned out.
  const labelEvery = Math.max(1, Math.ceil(56 / Math.max(1, group)))

  return (
    <div className="flex flex-col gap-2">
      <div ref={ref} className="w-full">
        {width > 0 && (
          <svg
            role="img"
            aria-label={series.map((s) => s.label).join(", ")}
            width={width}
            height={TOP_PAD + height + LABEL_HEIGHT}
            className="text-ui-fg-subtle block"
          >
            <g data-testid="loyalty-chart-axis">
              {ticks.map((tick) => (
                <g key={tick}>
                  <line x1={AXIS_WIDTH} x2={width} y1={y(tick)} y2={y(tick)} stroke="currentColor" strokeOpacity={tick ? 0.15 : 0.4} />
                  <text x={AXIS_WIDTH - 8} y={y(tick)} dy="0.32em" textAnchor="end" fontSize="11" fill="currentColor">
                    {format.format(tick)}
                  </text>
                </g>
              ))}
            </g>
            {rows.map((row, i) => {
              const left = AXIS_WIDTH + i * group + (group - bar * series.length) / 2
              return (
                <g key={row.month}>
                  {series.map((s, j) => {
                    const value = Number(row[s.key as keyof Row]) || 0
                    return (
                      <rect key={s.key} x={left + j * bar} y={y(value)} width={Math.max(1, bar - 2)} height={y(0) - y(value)} fill={s.color}>
                        <title>{`${row.month} ${s.label}: ${format.format(value)}`}</title>
                      </rect>
                    )
                  })}
                  {i % labelEvery === 0 && (
                    <text x={AXIS_WIDTH + i * group + group / 2} y={TOP_PAD + height + 15} textAnchor="middle" fontSize="11" fill="currentColor">
                      {row.month}
                    </text>
                  )}
                </g>
              )
            })}
          </svg>
        )}
      </div>
      <div className="flex flex-wrap gap-4">
        {series.map((s) => (
          <div key={s.key} className="flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: s.color }} />
            <Text size="xsmall">{s.label}</Text>
          </div>
        ))}
      </div>
    </div>
  )
}
