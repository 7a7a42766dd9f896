// One page of a list command, with filters applied by the server where it takes them and by the
// browser where it does not yet.
//
// A filter is { param, value, test }: `param` is the list command's parameter for it (as CloudStack
// names it), `test(row, value)` the same rule in the browser. Filters whose parameter the command
// accepts (listApis says so) go to the server with page and pagesize, so a page of thousands of rows
// costs one small request. When a filter must run in the browser, every row matching the server's
// filters is fetched in pages of FETCH_PAGE_SIZE, kept until the next refresh, filtered and sliced.
import { listCount, listItems } from '../api/cloudstack.js'

export const FETCH_PAGE_SIZE = 1000

export function splitFilters(command, filters, capabilities) {
  const params = {}
  const inBrowser = []
  for (const f of filters) {
    if (f.value === undefined || f.value === null || f.value === '' || (Array.isArray(f.value) && f.value.length === 0)) continue
    if (f.param && capabilities.accepts(command, f.param)) params[f.param] = f.serverValue ? f.serverValue(f.value) : f.value
    else inBrowser.push(f)
  }
  return { params, inBrowser }
}

export function createListLoader(api) {
  const cache = new Map()
  const counts = new Map()

  async function fetchAll(command, itemName, params) {
    const key = JSON.stringify([command, params])
    if (cache.has(key)) return cache.get(key)
    const rows = []
    for (let page = 1; ; page++) {
      const answer = await api.call(command, { ...params, page, pagesize: FETCH_PAGE_SIZE })
      const items = listItems(answer, itemName)
      rows.push(...items)
      if (items.length < FETCH_PAGE_SIZE || rows.length >= listCount(answer, itemName)) break
    }
    cache.set(key, rows)
    return rows
  }

  // Page `page` of the newest rows first, from a command that lists oldest first (listBackups):
  // the window [lo, hi) of the oldest-first order is read from the one or two server pages of
  // `pageSize` rows that hold it. The count comes from the previous load; when it changed
  // meanwhile, the window is read again with the new count.
  async function loadNewestFirst(command, itemName, params, page, pageSize) {
    const key = JSON.stringify([command, params, pageSize])
    let count = counts.get(key)
    if (count === undefined) count = listCount(await api.call(command, { ...params, page: 1, pagesize: 1 }), itemName)
    for (let attempt = 0; attempt < 3; attempt++) {
      const hi = count - (page - 1) * pageSize
      if (hi <= 0) return { rows: [], total: count }
      const lo = Math.max(0, hi - pageSize)
      const firstPage = Math.floor(lo / pageSize) + 1
      const lastPage = Math.floor((hi - 1) / pageSize) + 1
      const answers = []
      for (let p = firstPage; p <= lastPage; p++) answers.push(api.call(command, { ...params, page: p, pagesize: pageSize }))
      const read = await Promise.all(answers)
      const now = listCount(read[0], itemName)
      if (now !== count) {
        count = now
        continue
      }
      counts.set(key, count)
      const rows = read.flatMap((answer) => listItems(answer, itemName))
      const offset = (firstPage - 1) * pageSize
      return { rows: rows.slice(lo - offset, hi - offset).reverse(), total: count }
    }
    throw new Error(`The list of ${itemName}s kept changing while it was read; refresh to try again.`)
  }

  // { rows, total, filteredInBrowser } for page `page` (from 1) of `pageSize` rows.
  async function load({ command, itemName, params = {}, inBrowser = [], page = 1, pageSize = 20, newestFirst = false }) {
    if (inBrowser.length === 0) {
      if (newestFirst) return { ...(await loadNewestFirst(command, itemName, params, page, pageSize)), filteredInBrowser: false }
      const answer = await api.call(command, { ...params, page, pagesize: pageSize })
      return { rows: listItems(answer, itemName), total: listCount(answer, itemName), filteredInBrowser: false }
    }
    const all = await fetchAll(command, itemName, params)
    const matching = all.filter((row) => inBrowser.every((f) => f.test(row, f.value)))
    if (newestFirst) matching.reverse()
    const from = (page - 1) * pageSize
    return { rows: matching.slice(from, from + pageSize), total: matching.length, filteredInBrowser: true }
  }

  return { load, clear: () => cache.clear() }
}
