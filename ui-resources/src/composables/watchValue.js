import { unref, watch } from 'vue'

// watch() that calls back only when what `source` gives changes by value (compared as JSON), not when it
// is a new object or array equal to the last one. Pages poll: a VM, a backup or a job row read again is a
// new object at every refresh, so anything computed from it (`{ virtualmachineid: vm.id }`, `[id, status]`)
// is new too, and a plain watch on it runs its callback at every poll. That reset tables to page 1 and
// re-mounted panels (BackupFilesPanel's table lost its page every 15 s). The callback gets the new and
// the old value as JSON read them back: plain data only (ids, strings, numbers; functions are left out).
export function watchValue(source, callback, options = {}) {
  const read = typeof source === 'function' ? source : () => unref(source)
  const parse = (json) => (json === undefined ? undefined : JSON.parse(json))
  return watch(() => JSON.stringify(read() ?? null), (now, before) => callback(parse(now), parse(before)), options)
}
