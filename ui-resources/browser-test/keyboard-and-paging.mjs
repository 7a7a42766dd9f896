// Keyboard only: log in, reach a VM, open "Back up now" and close it again, without the mouse.
// Paging: the backup list holds thousands of backups and shows one page of them at a time, newest
// first; its last page holds the oldest (as the API lists them), a page of 200 renders 200 rows,
// and the VM page draws only the newest backups' chains and says how many it left to the table.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD (the root admin),
// KBOSS_UI_VM_NAME (a VM with a backup offering), KBOSS_UI_MANY_VM / KBOSS_UI_MANY_VM_NAME (a VM
// with thousands of backups).
import { scenario, env } from './lib/harness.mjs'
import { dialog, dialogClosed, field } from './lib/widgets.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmName = env('KBOSS_UI_VM_NAME')
const manyVm = env('KBOSS_UI_MANY_VM')
const manyVmName = env('KBOSS_UI_MANY_VM_NAME')

await scenario('keyboard-and-paging', 240_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  const focused = () => page.evaluate(() => {
    const e = document.activeElement
    return e ? `${e.tagName.toLowerCase()}${e.dataset?.test ? `[${e.dataset.test}]` : ''} ${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40)}` : ''
  })
  // Presses Tab until `wanted(focused)` holds; a user would too.
  async function tabTo(wanted, what, limit = 60) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab')
      if (wanted(await focused())) return
    }
    throw new Error(`Tab never reached ${what}; focus is on ${await focused()}`)
  }

  // Log in with the keyboard.
  await field(page, 'username').focus()
  await page.keyboard.type(user)
  await page.keyboard.press('Tab')
  await page.keyboard.type(password)
  await page.keyboard.press('Enter')
  await page.locator('[data-test=current-user]').waitFor()
  check(true, 'logged in with the keyboard only (Tab, Enter)')
  await page.locator('[data-test=vm-table] [data-test=vm-link]').first().waitFor()
  await tabTo((f) => f.startsWith('a[vm-link]') && f.includes(vmName), `the link to ${vmName}`)
  await page.keyboard.press('Enter')
  await page.locator('[data-test=vm-name]', { hasText: vmName }).waitFor()
  check(true, `Tab reached ${vmName} in the list and Enter opened its page`)
  await tabTo((f) => f.startsWith('button[backup-now]'), 'Back up now')
  await page.keyboard.press('Enter')
  await dialog(page).waitFor()
  await page.waitForFunction(() => document.activeElement?.closest('.ant-modal'))
  check(true, 'Enter on "Back up now" opened its dialog and the focus moved into it')
  await t.shot('keyboard-backup-dialog', { fullPage: false })
  await page.keyboard.press('Escape')
  await dialogClosed(page)
  check(((await api.call('listBackups', { listall: true, virtualmachineid: (await api.call('listVirtualMachines', { listall: true, name: vmName })).virtualmachine[0].id })).backup ?? [])
    .every((b) => b.status !== 'Queued' && b.status !== 'BackingUp'), 'Escape closed the dialog and started nothing')

  // Thousands of backups, one page at a time.
  const total = (await api.call('listBackups', { listall: true, page: 1, pagesize: 1 })).count
  check(total >= 2000, `the API lists ${total} backups`)
  await page.goto(`${t.url}#/backups`)
  const rows = page.locator('[data-test=backup-table] tbody tr.ant-table-row')
  await rows.first().waitFor()
  check(await rows.count() === 20, 'the list renders one page of 20 rows')
  check((await page.locator('.ant-pagination-total-text').textContent()).includes(`of ${total}`), `the pager counts all ${total}`)
  await page.locator('.ant-pagination-item').last().click()
  const lastPage = Math.ceil(total / 20)
  await page.locator(`.ant-pagination-item-active[title="${lastPage}"]`).waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-test=backup-table] .ant-spin-spinning'))
  const onLast = total - (lastPage - 1) * 20
  const oldest = (await api.call('listBackups', { listall: true, page: 1, pagesize: onLast })).backup.map((b) => b.id).reverse()
  const shown = await page.locator('[data-test=backup-table] tbody tr.ant-table-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.rowKey))
  check(JSON.stringify(shown) === JSON.stringify(oldest), `the last page (${lastPage}) shows the ${onLast} oldest backups, newest of them first`)
  await t.shot('backups-last-page', { fullPage: false })
  await page.locator('.ant-pagination-options .ant-select').click()
  await page.locator('.ant-select-item-option', { hasText: '200 / page' }).click()
  let seen = null
  await t.waitUntil(async () => {
    seen = { rows: await page.locator('[data-test=backup-table] tbody tr.ant-table-row').count(), pager: await page.locator('.ant-pagination').first().textContent() }
    return seen.rows === 200
  }, 'a page of 200 rows', 30_000).catch((e) => {
    throw new Error(`${e.message}; the table showed ${JSON.stringify(seen)}`)
  })
  check(true, 'a page of 200 renders 200 rows')

  // Filters: the VM, the type and the dates go to the server (listBackups takes virtualmachineid, type,
  // startdate and enddate), so nothing is filtered in the browser.
  const manyCount = (await api.call('listBackups', { listall: true, virtualmachineid: manyVm, page: 1, pagesize: 1 })).count
  const totalText = () => page.locator('.ant-pagination-total-text').first().textContent()
  await page.locator('[data-test=filter-vm]').click()
  await page.keyboard.type(manyVmName)
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: manyVmName }).click()
  await t.waitUntil(async () => (await totalText()).endsWith(`of ${manyCount}`), `the list filtered to ${manyVmName}'s ${manyCount} backups`)
  check(await page.locator('[data-test=filtered-in-browser]').count() === 0, `the VM filter runs on the server: ${manyCount} backups`)
  await page.locator('[data-test=filter-type]').click()
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: /^Incremental$/ }).click()
  await page.locator('[data-test=backup-table] .ant-empty').waitFor()
  check(await page.locator('[data-test=filtered-in-browser]').count() === 0, 'the type filter runs on the server and finds no incremental backup of that VM')
  await t.shot('backups-filtered')

  await page.goto(`${t.url}#/vms/${manyVm}`)
  await page.locator('[data-test=vm-name]', { hasText: manyVmName }).waitFor()
  await page.locator('[data-test=chain-node]').first().waitFor()
  const drawn = await page.locator('[data-test=chain-node]').count()
  const manyTotal = (await api.call('listBackups', { listall: true, virtualmachineid: manyVm, page: 1, pagesize: 1 })).count
  check(drawn === 200 && await page.locator('[data-test=chain-picture]', { hasText: `${manyTotal - 200} older ones` }).count() === 1,
    `the VM page draws the newest 200 of ${manyTotal} backups and says the older ones are in the table`)
  await t.shot('vm-many-backups', { fullPage: false })
})
