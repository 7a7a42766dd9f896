import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Capabilities } from '../src/api/capabilities.js'
import { createListLoader, splitFilters } from '../src/model/list-query.js'

const caps = new Capabilities([{ name: 'listBackups', params: [{ name: 'virtualmachineid' }, { name: 'keyword' }] }])
const rows = Array.from({ length: 45 }, (_, i) => ({ id: `b${i + 1}`, status: i % 3 === 0 ? 'Error' : 'BackedUp' }))

// Answers listBackups from `rows` (oldest first) with CloudStack's paging, and records each request.
function server() {
  const requests = []
  return {
    requests,
    call: async (command, params) => {
      requests.push(params)
      const from = (params.page - 1) * params.pagesize
      const page = rows.slice(from, from + params.pagesize)
      return page.length ? { count: rows.length, backup: page } : { count: rows.length }
    }
  }
}

test('a filter the command takes goes to the server; one it does not runs in the browser', () => {
  const { params, inBrowser } = splitFilters('listBackups', [
    { param: 'virtualmachineid', value: 'vm-1' },
    { param: 'status', value: 'Error', test: () => true },
    { param: 'zoneid', value: '' }
  ], caps)
  assert.deepEqual(params, { virtualmachineid: 'vm-1' })
  assert.deepEqual(inBrowser.map((f) => f.param), ['status'])
})

test('without browser filters one page costs one request of that page', async () => {
  const api = server()
  const page = await createListLoader(api).load({ command: 'listBackups', itemName: 'backup', page: 2, pageSize: 20 })
  assert.deepEqual(page.rows.map((r) => r.id).slice(0, 2), ['b21', 'b22'])
  assert.equal(page.total, 45)
  assert.deepEqual(api.requests, [{ page: 2, pagesize: 20 }])
})

test('newest first reads the right window of an oldest-first list, across server pages', async () => {
  const api = server()
  const loader = createListLoader(api)
  const first = await loader.load({ command: 'listBackups', itemName: 'backup', page: 1, pageSize: 20, newestFirst: true })
  assert.deepEqual(first.rows.map((r) => r.id).slice(0, 3), ['b45', 'b44', 'b43'])
  assert.equal(first.rows.length, 20)
  const last = await loader.load({ command: 'listBackups', itemName: 'backup', page: 3, pageSize: 20, newestFirst: true })
  assert.deepEqual(last.rows.map((r) => r.id), ['b5', 'b4', 'b3', 'b2', 'b1'])
})

test('a filter the server lacks is applied over every row, then paged', async () => {
  const api = server()
  const status = { param: 'status', value: 'Error', test: (r, v) => r.status === v }
  const page = await createListLoader(api).load({ command: 'listBackups', itemName: 'backup', inBrowser: [status], page: 1, pageSize: 10 })
  assert.equal(page.total, 15)
  assert.equal(page.filteredInBrowser, true)
  assert.ok(page.rows.every((r) => r.status === 'Error'))
})

test('an empty list answered as {} is no rows and count 0', async () => {
  const api = { call: async () => ({}) }
  const page = await createListLoader(api).load({ command: 'listBackups', itemName: 'backup' })
  assert.deepEqual(page, { rows: [], total: 0, filteredInBrowser: false })
})
