// A running backup's progress, live: the bar on the VM page moves through figures between 0 and
// 100 % with bytes done of bytes to do, without a reload; the header's Operations drawer shows the
// same job; the finished backup shows its result and how long it took. The figures are checked
// against what listBackups reported while it ran. Then a second (isolated, so full) backup is
// cancelled from the "Running now" list while it copies: the confirmation names it, the job fails
// saying who cancelled it, and the API lists that backup Failed while the first stays BackedUp.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_VM,
// KBOSS_UI_VM_NAME, KBOSS_UI_OFFERING. The VM has enough data that its full backup takes seconds.
import { scenario, env } from './lib/harness.mjs'
import { choose, dialog, dialogClosed, field, logIn } from './lib/widgets.mjs'
import { actionResult, openVm, vmAction } from './lib/vm-page.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmId = env('KBOSS_UI_VM')
const vmName = env('KBOSS_UI_VM_NAME')
const offeringName = env('KBOSS_UI_OFFERING')

await scenario('progress', 300_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  await logIn(page, user, password)
  await openVm(page, vmName)
  await vmAction(page, 'assign-offering', (box) => choose(page, 'offering-select', new RegExp(`^${offeringName} `), box))
  await page.locator('[data-test=backup-now]').waitFor()

  // What the API says while the backup runs, sampled beside the page.
  const apiFigures = []
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      const b = ((await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup ?? []).find((x) => x.status === 'BackingUp')
      if (b?.bytestotal) apiFigures.push({ done: Number(b.bytesdone), total: Number(b.bytestotal) })
      await new Promise((r) => setTimeout(r, 200))
    }
  })()

  await vmAction(page, 'backup-now')
  const bar = page.locator('[data-test=running-now] [data-test=progress]').first()
  await bar.waitFor({ timeout: 60_000 })
  // The percents the page showed, and the text beside the bar, as the page polled. The screenshots
  // wait until the bar has moved twice, so taking them never hides the figures the check needs.
  const seen = []
  let detail = ''
  let shot = false
  while (await page.locator('[data-test=running-now]').count() > 0) {
    const percent = await bar.getAttribute('data-percent').catch(() => null)
    if (percent !== null && percent !== '' && !seen.includes(Number(percent))) seen.push(Number(percent))
    const text = await page.locator('[data-test=running-now] [data-test=progress-detail]').first().textContent().catch(() => '')
    if (/ of /.test(text)) detail = text
    if (!shot && seen.filter((p) => p > 0 && p < 100).length >= 2) {
      shot = true
      await page.screenshot({ path: `${process.env.KBOSS_UI_OUTPUT_DIR}/vm-backup-progress.png`, fullPage: false })
      await page.locator('[data-test=operations]').click()
      await page.locator('[data-test=running-job]').first().waitFor({ timeout: 3000 }).catch(() => {})
      await page.screenshot({ path: `${process.env.KBOSS_UI_OUTPUT_DIR}/operations-drawer.png`, fullPage: false })
      await page.keyboard.press('Escape')
    }
    await page.waitForTimeout(50)
  }
  sampling = false
  await sampler
  const result = await actionResult(page, 'Backup')
  check(!result.failed && /after \d/.test(result.message), `the finished backup shows its result and how long it took: "${result.message}"`)

  const between = seen.filter((p) => p > 0 && p < 100)
  check(between.length >= 2, `the progress bar moved through figures between 0 and 100 %: ${JSON.stringify(seen)}`)
  check(apiFigures.length > 0, `listBackups reported bytes while the backup ran (${apiFigures.length} samples)`)
  const total = apiFigures[0].total
  const gib = (total / 2 ** 30).toFixed(2)
  check(detail.includes(`of ${gib} GiB`), `the bar says how many bytes of ${gib} GiB are done: "${detail}"`)
  const done = (await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup.pop()
  check(done.status === 'BackedUp', `the API lists the backup BackedUp (${done.size} bytes stored)`)

  // Cancel on running work: an isolated backup copies the whole disk again; cancelled once it moves.
  await vmAction(page, 'backup-now', async (box) => field(box, 'isolated').check())
  const moving = page.locator('[data-test=running-item]', { hasText: 'Backing up' })
  await moving.locator('[data-test=progress]').waitFor({ timeout: 60_000 })
  const cancelled = ((await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup ?? []).find((b) => b.status === 'BackingUp')
  check(cancelled && cancelled.isolated === true, 'the API lists the isolated backup BackingUp')
  await moving.locator('[data-test=cancel-operation]').click()
  const box = dialog(page)
  await box.waitFor()
  const asked = (await box.textContent()) ?? ''
  check(asked.includes(cancelled.id.slice(0, 8)), `the confirmation names the backup it cancels: "${asked.trim()}"`)
  await t.shot('vm-cancel-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  const ended = await actionResult(page, 'Backup')
  check(ended.failed && /cancelled by/.test(ended.text), `the cancelled backup's job failed saying who cancelled it: ${ended.text}`)
  const after = (await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup ?? []
  check(after.find((b) => b.id === cancelled.id)?.status === 'Failed', 'the API lists the cancelled backup Failed')
  check(after.find((b) => b.id === done.id)?.status === 'BackedUp', 'the first backup stays BackedUp')
  await page.locator('[data-test=running-now]').waitFor({ state: 'detached', timeout: 30_000 })
  check(true, 'nothing runs on the VM any more')
})
