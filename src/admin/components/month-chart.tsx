import { Text } from "@medusajs/ui"

export type Series = { key: string; label: string; color: string }

/** Grouped bars, one group per month: small enough to need no chart library. */
export const MonthChart = <Row extends { month: string }>({
  rows,
  series,
  height = 180,
}: {
  rows: Row[]
  series: Series[]
  height?: number
}) => {
  const max = Math.max(1, ...rows.flatMap((row) => series.map((s) => Number(row[s.key as keyof Row]) || 0)))
  const group = Math.max(series.length * 14 + 16, 64)
  const width = Math.max(group * rows.length, 240)
  return (
    <div className="flex flex-col gap-2">
      <div className="overflow-x-auto">
      <svg role="img" aria-label={series.map((s) => s.label).join(", ")} width={width} height={height + 20} viewBox={`0 0 ${width} ${height + 20}`}>
        {rows.map((row, i) =>
          series.map((s, j) => {
            const value = Number(row[s.key as keyof Row]) || 0
            const barHeight = (value / max) * height
            return (
              <rect key={`${row.month}-${s.key}`} x={i * group + j * 14 + 8} y={height - barHeight} width={12} height={barHeight} fill={s.color}>
                <title>{`${row.month} ${s.label}: ${value}`}</title>
              </rect>
            )
          })
        )}
        {rows.map((row, i) => (
          <text key={row.month} x={i * group + group / 2} y={height + 15} textAnchor="middle" fontSize="10" fill="currentColor">
            {row.month}
          </text>
        ))}
      </svg>
      </div>
      <div className="flex gap-4">
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
