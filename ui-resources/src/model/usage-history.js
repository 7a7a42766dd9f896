// The usage history answers shaped into chart series ({ label, colour, points: [{ x: epoch ms, y }] },
// oldest point first) for components/charts/TimeChart.vue: image stores' used and total bytes
// (listImageStoreUsageHistory), an account's stored bytes per day (listAccountStorageHistory), and a
// VM's backups' size and duration (listBackupUsageHistory, or listBackups on servers without it).
import { parseDate } from './format.js'

export const USED_COLOUR = '#1677ff'
export const TOTAL_COLOUR = '#8c8c8c'
export const DURATION_COLOUR = '#52c41a'

const number = (v) => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v))

// The window of the last `days` days up to `now`, as the history commands take it (dates, UTC).
export function windowParams(days, now = new Date()) {
  const day = (d) => d.toISOString().slice(0, 10)
  return { startdate: day(new Date(now.getTime() - days * 86_400_000)), enddate: day(now) }
}

// How many time slices a store's line is drawn with at most (a chart is well under 1,600 px wide).
export const STORE_BUCKETS = 400

// Points (oldest first) thinned for drawing: the time they span is cut into `buckets` equal slices and
// each slice keeps its first, lowest, highest and last point, in time order (so at most 4 per slice).
// The line drawn through them reaches every peak and trough and ends each slice where the data did,
// so nothing is averaged away or invented; with few points they are all kept as they are.
export function downsample(points, buckets = STORE_BUCKETS) {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, not ${buckets}`)
  if (points.length <= buckets * 4) return points
  const first = points[0].x
  const width = (points[points.length - 1].x - first) / buckets
  if (!(width > 0)) return [points[0], points[points.length - 1]]
  const out = []
  let start = 0
  while (start < points.length) {
    const slice = Math.min(buckets - 1, Math.floor((points[start].x - first) / width))
    let end = start
    let lo = start
    let hi = start
    while (end + 1 < points.length && Math.min(buckets - 1, Math.floor((points[end + 1].x - first) / width)) === slice) {
      end++
      if (points[end].y < points[lo].y) lo = end
      if (points[end].y > points[hi].y) hi = end
    }
    for (const i of [...new Set([start, lo, hi, end])].sort((a, b) => a - b)) out.push(points[i])
    start = end + 1
  }
  return out
}

// Store samples (any order) → one entry per store, by name: { id, name, samples, series: [Used, Total] },
// each line thinned by downsample() for drawing (`samples` is how many the store had).
// A sample without a figure leaves a gap in that line only.
export function storeCharts(rows, { buckets = STORE_BUCKETS } = {}) {
  const stores = new Map()
  for (const r of rows) {
    const t = parseDate(r.date)
    if (!t || !r.imagestoreid) continue
    if (!stores.has(r.imagestoreid)) stores.set(r.imagestoreid, { id: r.imagestoreid, name: r.imagestorename ?? r.imagestoreid, used: [], total: [] })
    const s = stores.get(r.imagestoreid)
    const used = number(r.disksizeused)
    const total = number(r.disksizetotal)
    if (used !== null) s.used.push({ x: t.getTime(), y: used })
    if (total !== null) s.total.push({ x: t.getTime(), y: total })
  }
  const byTime = (a, b) => a.x - b.x
  return [...stores.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({
      id: s.id,
      name: s.name,
      samples: Math.max(s.used.length, s.total.length),
      empty: s.used.length === 0 && s.total.length === 0,
      series: [
        { label: 'Used', colour: USED_COLOUR, points: downsample(s.used.sort(byTime), buckets) },
        { label: 'Total', colour: TOTAL_COLOUR, points: downsample(s.total.sort(byTime), buckets) }
      ]
    }))
}

// An account's days (yyyy-MM-dd, UTC) → the stored-bytes series, each point at its day's start.
export function accountSeries(rows) {
  const points = rows
    .map((r) => ({ x: Date.parse(`${r.date}T00:00:00Z`), y: number(r.size) }))
    .filter((p) => Number.isFinite(p.x) && p.y !== null)
    .sort((a, b) => a.x - b.x)
  return [{ label: 'Stored', colour: USED_COLOUR, points }]
}

// A VM's backups (any order; from listBackupUsageHistory or listBackups) → the size chart (stored and
// virtual size) and the duration chart (ms). listBackupUsageHistory's `duration` is in seconds; a
// listBackups row's `duration`, if a server sends one, is in ms. Backups not taken (no date) and
// backups without a duration are left out of the charts they cannot be drawn in.
export function backupCharts(rows, { durationInSeconds = true } = {}) {
  const taken = rows
    .map((b) => ({ b, t: parseDate(b.date) }))
    .filter(({ t }) => t)
    .sort((a, b) => a.t - b.t)
  const stored = taken.map(({ b, t }) => ({ x: t.getTime(), y: number(b.size) ?? 0 }))
  const virtual = taken.map(({ b, t }) => ({ x: t.getTime(), y: number(b.virtualsize) ?? 0 }))
  const durations = taken
    .filter(({ b }) => number(b.duration) !== null)
    .map(({ b, t }) => ({ x: t.getTime(), y: number(b.duration) * (durationInSeconds ? 1000 : 1) }))
  return {
    count: taken.length,
    size: [
      { label: 'Stored', colour: USED_COLOUR, points: stored },
      { label: 'Virtual size', colour: TOTAL_COLOUR, points: virtual }
    ],
    timed: durations.length,
    duration: [{ label: 'Duration', colour: DURATION_COLOUR, points: durations }]
  }
}
