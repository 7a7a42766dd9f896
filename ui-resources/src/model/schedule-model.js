// The backup schedule form: interval type, the time fields it shows, and the schedule string
// createBackupSchedule and updateBackupSchedule take (MM, MM:HH, MM:HH:D or MM:HH:DD).

export const INTERVAL_TYPES = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY']
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export function newSchedule(timezone = 'UTC') {
  return {
    intervaltype: 'DAILY', minute: 0, hour: 0, dayOfWeek: 1, dayOfMonth: 1,
    timezone, maxbackups: null, quiescevm: false, isolated: false
  }
}

// Which time fields the interval type uses.
export function timeFields(intervaltype) {
  return {
    hour: intervaltype !== 'HOURLY',
    dayOfWeek: intervaltype === 'WEEKLY',
    dayOfMonth: intervaltype === 'MONTHLY'
  }
}

export function scheduleString(form) {
  const parts = [form.minute]
  const shown = timeFields(form.intervaltype)
  if (shown.hour) parts.push(form.hour)
  // The API counts weekdays 1 = Sunday .. 7 = Saturday.
  if (shown.dayOfWeek) parts.push(Number(form.dayOfWeek) + 1)
  if (shown.dayOfMonth) parts.push(form.dayOfMonth)
  return parts.map((n) => String(Number(n))).join(':')
}

export function toParams(form) {
  const params = {
    intervaltype: form.intervaltype,
    schedule: scheduleString(form),
    timezone: form.timezone,
    quiescevm: Boolean(form.quiescevm),
    isolated: Boolean(form.isolated)
  }
  // Empty or 0 keeps every backup; the server reads 0 that way, so an edit can also clear a limit.
  params.maxbackups = form.maxbackups === null || form.maxbackups === undefined || form.maxbackups === '' ? 0 : Number(form.maxbackups)
  return params
}

// A listed schedule back into the form.
export function fromRecord(record) {
  const form = newSchedule(record.timezone || 'UTC')
  form.intervaltype = record.intervaltype || 'DAILY'
  const parts = String(record.schedule || '0').split(':').map(Number)
  form.minute = parts[0] ?? 0
  if (form.intervaltype !== 'HOURLY') form.hour = parts[1] ?? 0
  if (form.intervaltype === 'WEEKLY') form.dayOfWeek = (parts[2] ?? 2) - 1
  if (form.intervaltype === 'MONTHLY') form.dayOfMonth = parts[2] ?? 1
  form.maxbackups = record.maxbackups ? Number(record.maxbackups) : null
  form.quiescevm = record.quiescevm === true || record.quiescevm === 'true'
  form.isolated = record.isolated === true || record.isolated === 'true'
  return form
}

// "Every day at 14:30", "Every hour at :05", "Mondays at 02:00", "On the 15th at 14:30".
export function describeSchedule(record) {
  const form = fromRecord(record)
  const time = `${String(form.hour).padStart(2, '0')}:${String(form.minute).padStart(2, '0')}`
  switch (form.intervaltype) {
    case 'HOURLY': return `Every hour at :${String(form.minute).padStart(2, '0')}`
    case 'DAILY': return `Every day at ${time}`
    case 'WEEKLY': return `${WEEKDAYS[form.dayOfWeek] ?? '?'}s at ${time}`
    case 'MONTHLY': return `On day ${form.dayOfMonth} of each month at ${time}`
    default: return record.schedule
  }
}

// The browser's IANA time zones, for the picker; the browser's own zone first.
export function timeZones() {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']
  return [...new Set([own, 'UTC', ...all])]
}
