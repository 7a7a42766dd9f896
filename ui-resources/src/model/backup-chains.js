// A VM's backups arranged as the chain picture draws them: each chain is its full backup followed by
// the incrementals taken on top of it (by chainposition), newest chain first; isolated backups stand
// alone; requests that have no place in a chain yet (Allocated, Queued) or failed before they got one
// are listed apart.

const BUSY = new Set(['Allocated', 'Queued', 'BackingUp', 'Restoring'])

export function arrangeChains(backups) {
  const chains = new Map()
  const isolated = []
  const unplaced = []
  for (const b of backups) {
    if (b.isolated === true || b.isolated === 'true') isolated.push(b)
    else if (b.chainid) {
      if (!chains.has(b.chainid)) chains.set(b.chainid, [])
      chains.get(b.chainid).push(b)
    } else unplaced.push(b)
  }
  const arranged = [...chains.entries()].map(([id, members]) => {
    members.sort((a, b) => (Number(a.chainposition ?? 0) - Number(b.chainposition ?? 0)) || byCreated(a, b))
    return {
      id,
      backups: members,
      full: members[0],
      // Present once the server tells which chains are open (a field `chainopen` on the backups);
      // null means the server does not say.
      open: openFlag(members),
      size: members.reduce((sum, b) => sum + (Number(b.size) || 0), 0),
      busy: members.some((b) => BUSY.has(b.status) || b.restorestatus),
      newest: members.reduce((latest, b) => (byCreated(b, latest) > 0 ? b : latest), members[0])
    }
  })
  arranged.sort((a, b) => byCreated(b.newest, a.newest))
  isolated.sort((a, b) => byCreated(b, a))
  unplaced.sort((a, b) => byCreated(b, a))
  return { chains: arranged, isolated, unplaced }
}

function openFlag(members) {
  const flags = members.map((b) => b.chainopen).filter((v) => v !== undefined && v !== null)
  if (flags.length === 0) return null
  return flags.some((v) => v === true || v === 'true')
}

function byCreated(a, b) {
  return String(a.created ?? '').localeCompare(String(b.created ?? ''))
}

export function isBusy(backup) {
  return BUSY.has(backup.status) || Boolean(backup.restorestatus)
}
