// Backup jobs, clicked only: a user creates a job of one VM (keep 2), runs it, sees the run finish with
// the VM in its updated set and its backup, and deletes the job; after each step the API shows what the
// page said. Then the run's backup on the VM page: the Create VM from backup dialog offers a user the
// name, NICs and start (not the host and folder, root admins' only) and is dismissed without creating;
// Browse files is not offered, as the offering does not allow extract file.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_VM,
// KBOSS_UI_VM_NAME (a VM of the user's that has a backup offering).
import { scenario, env, waitUntil } from './lib/harness.mjs'
import { dialog, dialogClosed, escape, field, logIn } from './lib/widgets.mjs'
import { openVm } from './lib/vm-page.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmId = env('KBOSS_UI_VM')
const vmName = env('KBOSS_UI_VM_NAME')
const NAME = 'ui-nightly'

await scenario('backup-jobs', 300_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  const jobs = async () => (await api.call('listBackupJobs', { listall: true })).backupjob ?? []

  await logIn(page, user, password)
  await page.locator('[data-test=menu-backupjobs]').click()
  await page.locator('[data-test=backup-job-table] .ant-empty-description', { hasText: 'No backup jobs' }).waitFor()

  // Create.
  await page.locator('[data-test=new-backup-job]').click()
  const box = dialog(page)
  await field(box, 'job-name').fill(NAME)
  await box.locator('[data-test=job-vms]').click()
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${escape(vmName)} `) }).first().click()
  await field(box, 'job-name').click()
  await field(box, 'job-keeplast').fill('2')
  await t.shot('backup-job-form', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=backup-job-name]', { hasText: NAME }).waitFor()
  let [job] = await jobs()
  check(job && job.name === NAME && Number(job.keeplast) === 2 && job.execution === 'SEQUENTIAL' &&
    JSON.stringify((job.virtualmachines ?? []).map((v) => v.id)) === JSON.stringify([vmId]),
  `the API lists the job as the form said: ${JSON.stringify(job)}`)

  // Run now: the run ends with the VM backed up, in its updated set.
  await page.locator('[data-test=run-backup-job]').click()
  await page.locator('[data-test=action-result]').waitFor()
  job = await waitUntil(async () => (await jobs()).find((j) => j.lastrun?.state === 'FINISHED'), 'the run to finish', 180_000, 1000)
  check((job.lastrun.updated ?? []).some((v) => v.id === vmId && v.backupid), `the finished run has the VM updated with its backup: ${JSON.stringify(job.lastrun)}`)
  await page.locator('[data-test=backup-job-table] [data-status=FINISHED]').waitFor({ timeout: 30_000 })
  await page.locator('[data-test=backup-job-table] .ant-table-row-expand-icon').first().click()
  const run = page.locator('[data-test=backup-job-run][data-state=FINISHED]').first()
  await run.locator('[data-status=updated]').waitFor()
  check((await run.textContent()).includes(vmName), 'the opened row shows the run with the VM in its updated set')
  await t.shot('backup-job-run')

  // Delete.
  await page.locator('[data-test=delete-backup-job]').click()
  await dialog(page).locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=backup-job-table] .ant-empty-description', { hasText: 'No backup jobs' }).waitFor()
  check((await jobs()).length === 0, 'the API lists no backup job after the delete')

  // The run's backup, on the VM page.
  const backupId = job.lastrun.updated.find((v) => v.id === vmId).backupid
  await openVm(page, vmName)
  await page.locator(`[aria-label="Show backup ${backupId}"]`).click()
  const selected = page.locator('[data-test=selected-backup]')
  await selected.waitFor()
  await selected.locator('[data-test=new-vm]').click()
  const newVm = dialog(page)
  await newVm.locator('[data-test=newvm-nics]').waitFor()
  check(await newVm.locator('[data-test=newvm-host], [data-test=newvm-folder]').count() === 0,
    'a user is offered neither the host nor the folder of a new VM (root admins only)')
  check((await field(newVm, 'newvm-name').getAttribute('placeholder')).includes(`-from-${backupId.slice(0, 8)}`),
    'the name field shows the name the server gives by default')
  await t.shot('new-vm-form', { fullPage: false })
  await newVm.locator('[data-test=confirm-cancel]').click()
  await dialogClosed(page)
  check(await selected.locator('[data-test=browse-files]').count() === 0, 'Browse files is not offered: the offering does not allow extract file')
})
