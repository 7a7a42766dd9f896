import { onBeforeUnmount, ref } from 'vue'
import { useOperations } from './context.js'
import { jobResultText } from '../model/jobs.js'
import { newVmOf } from '../model/new-vm.js'

// The async jobs a page started and what came of them: `started(answer, title)` after a call that
// answered a jobid; `result` holds the last one's end (title, failed, the server's text, how long
// it took) for the page to show; `onEnd(job)` lets the page refresh what the job changed.
export function useJobResults(onEnd = () => {}) {
  const operations = useOperations()
  const mine = new Map()
  const result = ref(null)
  const stop = operations.onFinished((job) => {
    if (!mine.has(job.jobid)) return
    const title = mine.get(job.jobid)
    mine.delete(job.jobid)
    result.value = {
      jobid: job.jobid, title, failed: Number(job.jobstatus) === 2, text: jobResultText(job), took: operations.durationOf(job),
      // A job that made a VM (createVMFromBackup): the page links to it.
      vm: newVmOf(job)
    }
    onEnd(job)
  })
  onBeforeUnmount(() => {
    stop()
    // Jobs still running when the page goes are announced by the header's notification instead.
    operations.pageLeft([...mine.keys()])
  })

  function started(answer, title) {
    if (!answer?.jobid) return
    mine.set(answer.jobid, title)
    result.value = null
    operations.started(answer.jobid, { shownInPage: true })
  }

  return { result, started, pending: () => mine.size, titleOf: (jobid) => mine.get(jobid) }
}
