// How numbers, sizes, dates and durations read everywhere in the UI.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

export function formatBytes(bytes) {
  if (bytes === undefined || bytes === null || bytes === '' || !Number.isFinite(Number(bytes))) return '—'
  let value = Number(bytes)
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`
}

// CloudStack dates look like 2026-12-07T00:56:12+0000; Date wants the offset as +00:00.
export function parseDate(text) {
  if (!text) return null
  const iso = String(text).replace(/([+-]\d\d)(\d\d)$/, '$1:$2')
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

const pad = (n) => String(n).padStart(2, '0')

// Local time, to the second, sortable: 2026-12-07 01:56:12.
export function formatDate(value) {
  const date = value instanceof Date ? value : parseDate(value)
  if (!date) return '—'
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

// 850 ms, 4.2 s, 3 min 5 s, 2 h 4 min, 3 d 2 h.
export function formatDuration(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(Number(ms)) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`
  const s = Math.round(seconds)
  const [d, h, m, sec] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60]
  if (d > 0) return `${d} d ${h} h`
  if (h > 0) return `${h} h ${m} min`
  return `${m} min ${sec} s`
}

// How long something measured by the server's second-precision timestamps took (an async job's
// created and completed): whole seconds, and "under 1 s" when both fell in the same second.
export function formatSeconds(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(Number(ms)) || ms < 0) return '—'
  if (ms < 1000) return 'under 1 s'
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : formatDuration(Math.round(ms / 1000) * 1000)
}

// "just now", "12 s ago", "3 min ago", "2 h 5 min ago", or the date when older than a day.
export function formatAgo(value, now = Date.now()) {
  const date = value instanceof Date ? value : parseDate(value)
  if (!date) return '—'
  const ms = now - date.getTime()
  if (ms < -5000) return `in ${formatDuration(Math.round(-ms / 1000) * 1000)}`
  if (ms < 5000) return 'just now'
  if (ms < 86_400_000) return `${formatDuration(Math.round(ms / 1000) * 1000).replace(/ \d+ s$/, '')} ago`
  return formatDate(date)
}

export function isTrue(value) {
  return value === true || value === 'true'
}

export function shortId(uuid) {
  return uuid ? String(uuid).slice(0, 8) : '—'
}
