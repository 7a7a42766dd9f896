// The caller's long-running work as the whole page sees it: the async jobs listAsyncJobs shows
// (with listall, so an administrator follows every job he may see, as before listall narrowed lists)
// (backups, restores, quick-restore consolidation, deletes), their progress sampled at each poll
// for bars and time-left estimates, and a callback for each job that ends, so every page can
// refresh what the job changed without a reload. Polls every second while something runs and every
// ten seconds otherwise.
import { reactive } from 'vue'
import { listItems } from '../api/cloudstack.js'
import { addSample, estimate, sampleOf } from '../model/progress.js'
import { parseDate } from '../model/format.js'

export const FAST_POLL_MS = 1000
export const IDLE_POLL_MS = 10_000
const RECENT_JOBS = 20

export function createOperations(api, capabilities, { now = () => Date.now() } = {}) {
  // `started`: jobs started from this tab; `shownInPage`: those whose page is open to show their end.
  const state = reactive({ jobs: [], error: null, started: new Set(), shownInPage: new Set() })
  const samples = new Map()
  const backupFigures = new Map()
  const finishedListeners = new Set()
  const known = new Map()
  let timer = null
  let stopped = false
  let first = true

  const pending = () => state.jobs.filter((j) => Number(j.jobstatus) === 0)

  async function poll() {
    clearTimeout(timer)
    if (!capabilities.can('listAsyncJobs')) return
    try {
      const jobs = listItems(await api.call('listAsyncJobs', { listall: true, page: 1, pagesize: RECENT_JOBS }), 'asyncjobs')
      await readBackupFigures(jobs)
      const t = now()
      for (const job of jobs) {
        const before = known.get(job.jobid)
        if (Number(job.jobstatus) === 0) {
          const figures = backupFigures.get(job.jobinstanceid)
          samples.set(job.jobid, addSample(samples.get(job.jobid) || [], sampleOf(t, figures || { percent: job.jobprocstatus })))
        } else if (!first && (before === undefined || Number(before) === 0)) {
          for (const listener of finishedListeners) listener(job)
        }
        known.set(job.jobid, job.jobstatus)
      }
      first = false
      state.jobs = jobs
      state.error = null
    } catch (e) {
      state.error = e
    } finally {
      schedule()
    }
  }

  // A running backup reports bytes done and to do on listBackups; a job's own figure is a percent.
  async function readBackupFigures(jobs) {
    backupFigures.clear()
    const running = jobs.filter((j) => Number(j.jobstatus) === 0 && j.cmd === 'createBackup' && j.jobinstanceid)
    await Promise.all(running.map(async (job) => {
      try {
        const [backup] = listItems(await api.call('listBackups', { id: job.jobinstanceid }), 'backup')
        if (backup?.bytestotal) backupFigures.set(job.jobinstanceid, { done: backup.bytesdone, total: backup.bytestotal })
      } catch {
        // The job's own percent is shown instead.
      }
    }))
  }

  function schedule() {
    clearTimeout(timer)
    if (stopped) return
    timer = setTimeout(() => (document.hidden ? schedule() : poll()), pending().length > 0 ? FAST_POLL_MS : IDLE_POLL_MS)
  }

  return {
    state,
    pending,
    // An action just started job `jobid`: look at once and keep looking fast. `shownInPage`: the page
    // that started it shows its end itself (until it is left), so no notification is needed.
    started(jobid, { shownInPage = false } = {}) {
      if (jobid) state.started.add(jobid)
      if (jobid && shownInPage) state.shownInPage.add(jobid)
      poll()
    },
    pageLeft(jobids) {
      for (const id of jobids) state.shownInPage.delete(id)
    },
    progressOf(jobid) {
      return estimate(samples.get(jobid) || [])
    },
    durationOf(job) {
      const from = parseDate(job.created)
      const to = parseDate(job.completed)
      return from && to ? to - from : null
    },
    onFinished(listener) {
      finishedListeners.add(listener)
      return () => finishedListeners.delete(listener)
    },
    start() {
      stopped = false
      poll()
    },
    stop() {
      stopped = true
      clearTimeout(timer)
    },
    refresh: poll
  }
}
