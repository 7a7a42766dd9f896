import { onBeforeUnmount, onMounted, ref } from 'vue'

// Runs `load` now and again after `interval()` ms (asked after each run, so a page polls fast while
// work runs and slowly when idle). Never two runs at once; paused while the tab is hidden; stopped
// when the component goes. `refresh()` runs it at once (after an action).
export function usePoll(load, interval) {
  const loading = ref(false)
  const error = ref(null)
  let timer = null
  let running = null
  let stopped = false

  async function run() {
    clearTimeout(timer)
    if (running) return running
    loading.value = true
    running = (async () => {
      try {
        await load()
        error.value = null
      } catch (e) {
        error.value = e
      } finally {
        loading.value = false
        running = null
        schedule()
      }
    })()
    return running
  }

  function schedule() {
    clearTimeout(timer)
    if (stopped) return
    const ms = interval()
    if (ms > 0) timer = setTimeout(() => (document.hidden ? schedule() : run()), ms)
  }

  const onVisible = () => !document.hidden && run()
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible)
    run()
  })
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
    document.removeEventListener('visibilitychange', onVisible)
  })
  return { loading, error, refresh: run }
}
