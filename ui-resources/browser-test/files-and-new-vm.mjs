// A backup's files and a new VM made from it, by clicking: on a backup of a VM that boots the tiny
// guest from its own ext4 disk, "Browse files" lists the backup's filesystem, then its root folder;
// Download copies kboss-check.bin out of the backup and the link the page offers serves it byte for
// byte (its SHA-256 is the one the guest image was built with). Then "Create VM from backup" makes
// a new, stopped VM without network interfaces, and the page links to it; the API lists it.
// The backup itself is taken through the API: backing up by clicking is vm-backups.mjs's part.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_VM (uuid),
// KBOSS_UI_VM_NAME, KBOSS_UI_CHECK_SHA256 (of /kboss-check.bin), KBOSS_UI_NEW_VM_NAME (a name the lab's
// agent owns).
import { createHash } from 'node:crypto'
import { scenario, env } from './lib/harness.mjs'
import { dialog, dialogClosed, field, logIn } from './lib/widgets.mjs'
import { actionResult, backupRow, openVm } from './lib/vm-page.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmId = env('KBOSS_UI_VM')
const vmName = env('KBOSS_UI_VM_NAME')
const checkSha = env('KBOSS_UI_CHECK_SHA256')
const newVmName = env('KBOSS_UI_NEW_VM_NAME')

await scenario('files-and-new-vm', 420_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  const backups = (await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup ?? []
  check(backups.length === 1 && backups[0].status === 'BackedUp', `the VM has one BackedUp backup to browse: ${JSON.stringify(backups.map((b) => b.status))}`)
  const backup = backups[0]

  await logIn(page, user, password)
  await openVm(page, vmName)
  await backupRow(page, backup.id).locator(`[aria-label="Show backup ${backup.id}"]`).click()
  await page.locator('[data-test=selected-backup]').waitFor()

  // Browse: the filesystems, then the root folder of the first one (each a job booting libguestfs's appliance).
  await page.locator('[data-test=browse-files]').click()
  const panel = page.locator('[data-test=backup-files-panel]')
  const filesystem = panel.locator('[data-test=files-filesystem]').first()
  await filesystem.waitFor({ timeout: 180_000 })
  check((await filesystem.textContent()).trim() === '/dev/sda', 'Browse files lists the backup\'s filesystem /dev/sda')
  await filesystem.click()
  await panel.locator('[data-test=files-entry-table] tbody tr.ant-table-row').first().waitFor({ timeout: 180_000 })
  const folders = (await panel.locator('[data-test=files-dir]').allTextContents()).map((x) => x.trim())
  check(folders.includes('bin/'), `the root folder lists the folder bin/ to open: ${folders.join(' ')}`)
  // The root holds a few hundred entries (busybox's links), 100 a page: page on until the file shows.
  const checkRow = panel.locator('[data-test=files-entry-table] tbody tr', { hasText: 'kboss-check.bin' })
  for (let turn = 0; turn < 20 && await checkRow.count() === 0; turn++) {
    await panel.locator('.ant-pagination-next').first().click()
  }
  await checkRow.waitFor({ timeout: 10_000 })
  await t.shot('backup-files')

  // Download: the copy is made on the host, and the page offers its link.
  await checkRow.locator('[data-test=files-download]').click()
  const link = panel.locator('[data-test=download-link] a').first()
  await link.waitFor({ timeout: 180_000 })
  const href = await link.getAttribute('href')
  const served = await page.request.get(href)
  check(served.ok(), `the download link answers ${served.status()}`)
  const body = await served.body()
  const sha = createHash('sha256').update(body).digest('hex')
  check(sha === checkSha, `the downloaded kboss-check.bin is the guest's, byte for byte (${body.length} bytes, SHA-256 ${sha.slice(0, 12)}…)`)
  // The copy took longer than the VM page's 15 s refresh of its backups: the folder stays on the page
  // that shows the file (a refresh once hid the panel and brought its table back on page one).
  check(await checkRow.count() === 1, 'the folder keeps its page while the VM\'s backups refresh')
  await t.shot('backup-files-download')

  // Create VM from backup: named, no NICs, not started.
  await page.locator('[data-test=selected-backup]').locator('[data-test=new-vm]').click()
  const box = dialog(page)
  await box.waitFor()
  await field(box, 'newvm-name').fill(newVmName)
  await box.locator('[data-test=nics-NO_NIC]').click()
  await field(box, 'newvm-start').uncheck()
  await t.shot('new-vm-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  const made = await actionResult(page, 'New VM from backup', 240_000)
  check(!made.failed, `the new VM was made: ${made.message}: ${made.text}`)
  const listed = (await api.call('listVirtualMachines', { listall: true, name: newVmName })).virtualmachine ?? []
  const vm = listed.find((v) => v.name === newVmName)
  check(vm && vm.id !== vmId && vm.state === 'Stopped', `the API lists ${newVmName}, a new VM, Stopped: ${JSON.stringify(listed.map((v) => [v.name, v.state]))}`)
  await page.locator('[data-test=new-vm-link]').click()
  await page.locator('[data-test=vm-name]', { hasText: newVmName }).waitFor()
  check(true, 'the result links to the new VM\'s page')
  await t.shot('new-vm-page')
})
