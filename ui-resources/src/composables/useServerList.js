import { computed, ref } from 'vue'
import { createListLoader, splitFilters } from '../model/list-query.js'
import { useApi, useCapabilities } from './context.js'
import { usePoll } from './usePoll.js'
import { watchValue } from './watchValue.js'

// A list page's rows: server-side paging, filters split between server and browser, polling at
// `interval()` ms (0: only on demand), and the pagination object a-table takes.
export function useServerList({ command, itemName, filters = computed(() => []), pageSize = 20, newestFirst = false,
  interval = () => 0, params = computed(() => ({})) }) {
  const api = useApi()
  const capabilities = useCapabilities()
  const loader = createListLoader(api)
  const page = ref(1)
  const size = ref(pageSize)
  const rows = ref([])
  const total = ref(0)
  const filteredInBrowser = ref(false)
  const loaded = ref(false)
  // The table shows its spinner when the user asked for other rows, not at every background poll.
  const changing = ref(true)

  async function load() {
    const split = splitFilters(command, filters.value, capabilities)
    loader.clear()
    const result = await loader.load({
      command, itemName, params: { ...params.value, ...split.params }, inBrowser: split.inBrowser,
      page: page.value, pageSize: size.value, newestFirst
    })
    // The last row of the last page went away (deleted): show the page before.
    if (result.rows.length === 0 && page.value > 1 && result.total > 0) {
      page.value = Math.ceil(result.total / size.value)
      return load()
    }
    rows.value = result.rows
    total.value = result.total
    filteredInBrowser.value = result.filteredInBrowser
    loaded.value = true
    changing.value = false
  }

  const poll = usePoll(load, interval)
  function reload() {
    changing.value = true
    return poll.refresh()
  }
  // By value: params are often computed from a row the page polls (a VM read again every few seconds), and
  // an equal copy must neither send the table back to page 1 nor load it again. Filters' `test` functions
  // are code, not state, and are left out of the comparison.
  watchValue(() => [filters.value, params.value], () => {
    page.value = 1
    reload()
  })

  const pagination = computed(() => ({
    current: page.value,
    pageSize: size.value,
    total: total.value,
    showSizeChanger: true,
    pageSizeOptions: ['20', '50', '100', '200'],
    hideOnSinglePage: false,
    showTotal: (t, [from, to]) => `${from}–${to} of ${t}`,
    size: 'small'
  }))

  function onTableChange(p) {
    if (p.pageSize !== size.value) page.value = 1
    else page.value = p.current
    size.value = p.pageSize
    reload()
  }

  const loading = computed(() => changing.value && poll.loading.value)
  return { rows, total, loaded, loading, error: poll.error, refresh: poll.refresh, pagination, onTableChange, filteredInBrowser }
}
