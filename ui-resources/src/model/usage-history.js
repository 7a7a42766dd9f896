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

// How many samples of each store the Usage page asks the server for (listImageStoreUsageHistory's
// maxsamples): the server cuts a store's samples into maxsamples / 8 time slices and answers each slice's
// first, last, lowest and highest (of each figure), so one slice per 4 px of chart is as fine as the line
// can show, within the bounds the server takes (8 to 100,000). A chart whose width is not known yet
// (0, undefined) gets what a 1,600 px chart would.
export const STORE_SLICE_PX = 4
export function storeSampleBound(chartWidthPx) {
  const width = Number.isFinite(chartWidthPx) && chartWidthPx > 0 ? chartWidthPx : 1600
  const slices = Math.max(1, Math.floor(width / STORE_SLICE_PX))
  return Math.min(100_000, slices * 8)
}

// Store samples (any order; thinned by the server when the page asked for maxsamples) → one entry per
// store, by name: { id, name, empty, series: [Used, Total] }. A sample without a figure leaves a gap in
// that line only.
export function storeCharts(rows) {
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
      empty: s.used.length === 0 && s.total.length === 0,
      series: [
        { label: 'Used', colour: USED_COLOUR, points: s.used.sort(byTime) },
        { label: 'Total', colour: TOTAL_COLOUR, points: s.total.sort(byTime) }
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
