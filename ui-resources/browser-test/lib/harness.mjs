// What every browser scenario shares: Debian's headless Chromium through playwright-core, the
// checks and screenshots, the test fixture's helping hand, and an API client to check a flow's
// effect the way any client sees it.
//
// A scenario is run by a JUnit test in module test/ (io.kboss.test.ui), which starts the server,
// agent and VMs and passes their addresses in the environment:
//   KBOSS_UI_URL          the page, e.g. http://127.0.0.1:8080/client/
//   KBOSS_UI_OUTPUT_DIR   where screenshots go
//   KBOSS_UI_CHROMIUM     the browser (default /usr/bin/chromium)
//   KBOSS_UI_VIEWPORT     the window, e.g. 1366x768 (the default)
// and scenario-specific values (users, VM ids) its own header names. Passwords come from the
// environment, never the command line, so they are not visible in ps.
//
// Each check prints "ok - ..."; the first failure prints "FAILED: ..." with a screenshot and the
// process exits 1. Any console error or warning, uncaught page error, or API call the server
// refused that the scenario did not provoke on purpose fails the run at its end.
import { chromium } from 'playwright-core'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createApiClient } from '../../src/api/cloudstack.js'

export const STEP_TIMEOUT_MS = 30_000
const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'
]

export function env(name, fallback) {
  const value = process.env[name] ?? fallback
  if (value === undefined || value === '') fail(`environment variable ${name} is not set`)
  return value
}

function fail(message) {
  console.error(`FAILED: ${message}`)
  process.exit(1)
}

export function check(condition, message) {
  if (!condition) throw new Error(message)
  console.log(`ok - ${message}`)
}

// Runs `body(t)` in a fresh browser; `limitMs` bounds the whole scenario.
export async function scenario(name, limitMs, body) {
  const url = env('KBOSS_UI_URL')
  const outputDir = env('KBOSS_UI_OUTPUT_DIR')
  const [width, height] = env('KBOSS_UI_VIEWPORT', '1366x768').split('x').map(Number)
  mkdirSync(outputDir, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'kboss-chromium-'))
  const problems = []
  const refused = []
  let allowedRefusals = 0
  let context
  const cleanUp = () => rmSync(profile, { recursive: true, force: true })
  process.on('SIGTERM', async () => {
    await context?.close().catch(() => {})
    cleanUp()
    fail('stopped by SIGTERM (the caller\'s timeout)')
  })
  const guard = setTimeout(() => {
    cleanUp()
    fail(`${name} did not finish within ${limitMs / 1000} s`)
  }, limitMs)

  let code = 0
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.KBOSS_UI_CHROMIUM || '/usr/bin/chromium', headless: true, viewport: { width, height }, args: BROWSER_ARGS
    })
    context.setDefaultTimeout(STEP_TIMEOUT_MS)
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return
      // The browser logs every refused request; those are counted against what the scenario provoked.
      if (m.text().startsWith('Failed to load resource')) return
      problems.push(`console ${m.type()}: ${m.text()}`)
    })
    page.on('response', (r) => {
      if (r.url().includes('/client/api') && r.status() >= 400) refused.push(`${r.status()} ${r.request().postData()?.match(/command=(\w+)/)?.[1]}`)
    })
    const t = {
      page,
      url,
      check,
      // The next `n` refused API calls are the scenario's own doing (showing the server's error text).
      expectRefusals(n = 1) {
        allowedRefusals += n
      },
      async shot(file, options = {}) {
        await settle(page)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        check(overflow <= 0, `${file} fits the window's width (${page.viewportSize().width} px)${overflow > 0 ? `: ${overflow} px too wide` : ''}`)
        // A full-page picture starts at the top, where the sticky header belongs.
        if (options.fullPage ?? true) await page.evaluate(() => window.scrollTo(0, 0))
        await page.screenshot({ path: join(outputDir, `${file}.png`), fullPage: options.fullPage ?? true })
        console.log(`ok - screenshot ${file}.png`)
      },
      api: apiClient,
      lab,
      waitUntil
    }
    await page.goto(url)
    await body(t)
    const unexpected = refused.length - allowedRefusals
    check(problems.length === 0, `no console errors or warnings and no page errors${problems.length ? `: ${problems.join(' | ')}` : ''}`)
    check(unexpected <= 0, `the page made no API call the server refused, beyond the ${allowedRefusals} provoked on purpose (refused: ${refused.join(', ') || 'none'})`)
  } catch (e) {
    code = 1
    const page = context?.pages()[0]
    if (page) await page.screenshot({ path: join(outputDir, `${name}-failure.png`), fullPage: true }).catch(() => {})
    if (problems.length) console.error(`console: ${problems.join(' | ')}`)
    console.error(`FAILED: ${e.stack || e.message}`)
  } finally {
    await context?.close().catch(() => {})
    cleanUp()
    clearTimeout(guard)
  }
  if (code === 0) console.log('PASSED')
  process.exit(code)
}

// Lets fonts, animations and pending polls settle before a screenshot.
async function settle(page) {
  await page.evaluate(() => document.fonts.ready)
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-modal-wrap .ant-zoom-enter, .ant-zoom-leave'),
    null, { timeout: 10_000 }).catch(() => {})
  await page.waitForTimeout(300)
}

// Polls `probe` until it answers something truthy, which is returned.
export async function waitUntil(probe, what, timeoutMs = 60_000, everyMs = 250) {
  const end = Date.now() + timeoutMs
  let last
  while (Date.now() < end) {
    last = await probe()
    if (last) return last
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`waited ${timeoutMs / 1000} s for ${what}; last seen: ${JSON.stringify(last)}`)
}

// --- the fixture's helping hand: KBOSS-LAB requests answered by the JUnit test on stdin -----------

let labLines = null
let labNext = 1
const labWaiting = new Map()

export function lab(verb, ...args) {
  if (!labLines) {
    labLines = createInterface({ input: process.stdin })
    labLines.on('line', (line) => {
      const [id, status, ...text] = line.split(' ')
      const waiting = labWaiting.get(id)
      if (!waiting) return
      labWaiting.delete(id)
      if (status === 'ok') waiting.resolve(text.join(' '))
      else waiting.reject(new Error(`the fixture could not ${verb}: ${text.join(' ')}`))
    })
  }
  const id = String(labNext++)
  return new Promise((resolve, reject) => {
    labWaiting.set(id, { resolve, reject })
    console.log(`KBOSS-LAB ${id} ${verb} ${args.join(' ')}`)
  })
}

// --- the API, as the script itself checks what a flow did ------------------------------------------

// A logged-in API client with its own session (the UI's own client, with a cookie jar).
export async function apiClient(username, password) {
  const url = env('KBOSS_UI_URL')
  let cookie = ''
  const fetchImpl = async (endpoint, init) => {
    const response = await fetch(new URL(endpoint, url), { ...init, headers: { ...init.headers, ...(cookie ? { Cookie: cookie } : {}) } })
    const set = response.headers.get('set-cookie')
    if (set) cookie = set.split(';')[0]
    return response
  }
  const items = new Map()
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) }
  const client = createApiClient({ endpoint: 'api', fetchImpl, storage })
  await client.login({ username, password })
  return client
}
