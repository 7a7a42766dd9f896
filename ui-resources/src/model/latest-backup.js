// The newest backup of each VM on a list page. listBackups lists a VM's backups oldest first, so
// the newest is on the page numbered by the count with pagesize 1; the count seen last time is
// tried first, and read again when the answer says the VM has more (or fewer) backups now.
import { listCount, listItems } from '../api/cloudstack.js'

export function createLatestBackups(api, { concurrency = 6 } = {}) {
  const counts = new Map()

  async function latest(vmId) {
    let page = Math.max(1, counts.get(vmId) ?? 1)
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await api.call('listBackups', { virtualmachineid: vmId, listall: true, page, pagesize: 1 })
      const count = listCount(answer, 'backup')
      counts.set(vmId, count)
      if (count === 0) return null
      if (count === page) return listItems(answer, 'backup')[0] ?? null
      page = count
    }
    return null
  }

  // { vmId: backup | null } for the VMs, a few requests at a time.
  async function forVms(vmIds) {
    const result = {}
    const queue = [...vmIds]
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      while (queue.length > 0) {
        const id = queue.shift()
        try {
          result[id] = await latest(id)
        } catch {
          result[id] = undefined
        }
      }
    })
    await Promise.all(workers)
    return result
  }

  return { forVms }
}
