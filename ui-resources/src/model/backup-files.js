// File-level restore (listBackupFiles, extractBackupFile): the answers as rows for the "Browse files"
// panel, and the paths it walks. listBackupFiles answers `backupfiles` with `filesystems` (no
// filesystem asked) or one directory's `entries`; extractBackupFile answers `backupfileextract` with a
// download `url` (a path on the management server, working until `expires`).

const ORDER = { directory: 0, symlink: 1, file: 2, other: 3 }

// The listing a finished listBackupFiles job answered: { kind: 'filesystems' | 'entries', rows, truncated }.
// Directories come first, then by name.
export function fileListing(jobresult) {
  const answer = jobresult?.backupfiles ?? jobresult ?? {}
  if (Array.isArray(answer.entries)) {
    const rows = answer.entries.slice().sort((a, b) => (ORDER[a.type] ?? 9) - (ORDER[b.type] ?? 9) ||
      String(a.name).localeCompare(String(b.name)))
    return { kind: 'entries', rows, truncated: answer.truncated === true || answer.truncated === 'true', path: answer.path ?? '/' }
  }
  return { kind: 'filesystems', rows: Array.isArray(answer.filesystems) ? answer.filesystems : [], truncated: false }
}

// The absolute path of `name` inside directory `path`.
export function childPath(path, name) {
  return `${path === '/' ? '' : path.replace(/\/+$/, '')}/${name}`
}

// The directory above `path` ('/' stays '/').
export function parentPath(path) {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/')
  return cut <= 0 ? '/' : path.slice(0, cut)
}

// The steps of `path` for a breadcrumb: [{ name: '/', path: '/' }, { name: 'etc', path: '/etc' }, ...].
export function pathSteps(path) {
  const steps = [{ name: '/', path: '/' }]
  let at = ''
  for (const part of path.split('/').filter(Boolean)) {
    at += `/${part}`
    steps.push({ name: part, path: at })
  }
  return steps
}

// Only files and directories can be extracted (a directory as a tar archive); symlinks and special
// files are refused by the server.
export function extractable(entry) {
  return entry?.type === 'file' || entry?.type === 'directory'
}

// The download a finished extractBackupFile job answered, its URL made absolute against `origin`
// (the page's own: the server answers a path), or null.
export function extractLink(jobresult, origin) {
  const x = jobresult?.backupfileextract ?? jobresult
  if (!x?.url) return null
  return { ...x, href: new URL(x.url, origin).toString() }
}
