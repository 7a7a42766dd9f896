// archiveEvents and deleteEvents (CloudStack's; docs/events-and-webhooks.md) take either `ids` (at most 500
// a call) or a type and/or a date range: `enddate` alone is everything up to it, `startdate` needs `enddate`,
// a date alone means the end of that day (UTC) for the end, its start for the beginning, as listEvents reads
// them. These helpers build those requests for the Events page and the listEvents request that counts what
// a range reaches, so the confirmation can name how many events change.

export const MAX_IDS = 500

export const EVENT_CHANGES = {
  archive: {
    command: 'archiveEvents',
    verb: 'Archive',
    effect: 'Archived events are kept but no longer listed here; deleting them later removes them for good.'
  },
  delete: {
    command: 'deleteEvents',
    verb: 'Delete',
    effect: 'Deleted events are gone for good, with their webhook deliveries (pending ones too).'
  }
}

// The request for the selected events, or null when none is selected.
export function selectionParams(ids) {
  if (!ids?.length) return null
  if (ids.length > MAX_IDS) throw new Error(`Select at most ${MAX_IDS} events at a time (${ids.length} are selected).`)
  return { ids: ids.join(',') }
}

// Why a range cannot be sent, in words, or null. The server refuses the same with 431.
export function rangeRefusal({ type, startdate, enddate } = {}) {
  if (!type && !enddate) return 'Choose a type or an end date: without either every event would change.'
  if (startdate && !enddate) return 'Choose an end date too: a range needs its end.'
  if (startdate && enddate && startdate > enddate) return `The start date ${startdate} is after the end date ${enddate}.`
  return null
}

// The archiveEvents/deleteEvents parameters of a range (type, startdate, enddate as yyyy-MM-dd).
export function rangeParams(range = {}) {
  const refusal = rangeRefusal(range)
  if (refusal) throw new Error(refusal)
  const params = {}
  if (range.type) params.type = range.type
  if (range.startdate) params.startdate = range.startdate
  if (range.enddate) params.enddate = range.enddate
  return params
}

// listEvents' parameters that count what the range reaches: everything the caller may see (listall), as the
// change reaches it, one row only: the answer's count is the figure.
export function rangeCountParams(range) {
  return { ...rangeParams(range), listall: true, page: 1, pagesize: 1 }
}

// "3 events", "1 event".
export function eventCount(n) {
  return `${n} ${Number(n) === 1 ? 'event' : 'events'}`
}
