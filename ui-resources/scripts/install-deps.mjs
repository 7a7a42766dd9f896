// Runs `npm ci` only when node_modules does not match package-lock.json.
//
// npm ci always deletes node_modules and reinstalls (about 15 s here); the Maven build calls this
// on every run, so it records the lockfile's hash after a successful install and skips the next
// install while the lockfile and that record agree. A failed or interrupted install leaves no
// record, so the next build installs again.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const lockfile = join(root, 'package-lock.json')
const stamp = join(root, 'node_modules', '.kboss-lock-sha256')

const wanted = createHash('sha256').update(readFileSync(lockfile)).digest('hex')
const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : ''

if (installed === wanted) {
  console.log('kboss-ui: node_modules matches package-lock.json, npm ci skipped')
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: root,
    // No stdin: under Maven it is a pipe that never closes, and npm ci was seen waiting on it.
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 10 * 60 * 1000
  })
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit status ${result.status}`
    console.error(`kboss-ui: npm ci failed (${why}); check the network to the npm registry and package-lock.json`)
    process.exit(1)
  }
  writeFileSync(stamp, wanted + '\n')
}
