import { onBeforeUnmount } from 'vue'
import { useApi, useCapabilities, useOperations } from './context.js'

// An async command whose answer the page itself needs (a folder listing, a download link), not just
// its end: `run(command, params)` starts it, lets the header's operations poll follow it as every
// action's job is followed, and resolves with the job's result when it succeeds (read again with
// queryAsyncJobResult when the caller may, for the whole answer), or rejects with the server's
// errortext when it fails. Jobs still running when the page goes are announced by the header.
export function useJobAnswer() {
  const api = useApi()
  const capabilities = useCapabilities()
  const operations = useOperations()
  const waiting = new Map()

  const stop = operations.onFinished(async (job) => {
    const waiter = waiting.get(job.jobid)
    if (!waiter) return
    waiting.delete(job.jobid)
    let done = job
    if (capabilities.can('queryAsyncJobResult')) {
      try {
        done = await api.call('queryAsyncJobResult', { jobid: job.jobid })
      } catch {
        // The listAsyncJobs copy is used.
      }
    }
    if (Number(done.jobstatus) === 2) waiter.reject(new Error(done.jobresult?.errortext ?? `The job ${job.jobid} failed`))
    else waiter.resolve(done.jobresult ?? {})
  })
  onBeforeUnmount(() => {
    stop()
    operations.pageLeft([...waiting.keys()])
  })

  async function run(command, params) {
    const answer = await api.call(command, params)
    if (!answer?.jobid) return answer
    const result = new Promise((resolve, reject) => waiting.set(answer.jobid, { resolve, reject }))
    operations.started(answer.jobid, { shownInPage: true })
    return result
  }

  return { run }
}
