// Compression and validation as a user and an admin see them. The user sets her VM's validation
// command and expected output on the Validation tab (the expected output typed as text, stored
// Base64; the timeouts an admin set are shown read-only and kept), backs up, and watches the chain
// picture and the backup's details go to Compressed (size before and after) and to the validation's
// verdict with its screenshot in the page. The root admin then finds both jobs on the Service jobs
// page, filtered by type and state. Each step is checked through the API.
// Then the root admin cancels work by clicking: with the compression rate limit at 1 MB/s, a backup of
// a second VM (256 MiB of data, no guest OS, a guest-agent channel nobody answers on) is compressed for
// minutes; Cancel in its VM page's "Running now" with the confirmation stops it, and the API lists the
// job Cancelled and the backup Uncompressed. Its validation then goes ahead and waits for a guest agent
// that never answers; Cancel on the Service jobs page stops it, and the API lists it Cancelled and the
// backup UnableToValidate. The backup's details then offer both again; the compression is queued again
// from its Cancelled row on the Service jobs page (asked a second time, the dialog refuses) and ends
// Compressed. The Events page, filtered by type,
// shows both ends; the validation's events are selected and deleted, and every BACKUP.COMPRESS event up to
// today is archived by type and date, each dialog naming how many events change.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_VM,
// KBOSS_UI_VM_NAME (a tiny-guest VM of the user's with a compressing and validating offering),
// KBOSS_UI_EXPECTED (what the guest prints for the check command), KBOSS_UI_ADMIN,
// KBOSS_UI_ADMIN_PASSWORD, KBOSS_UI_SLOW_VM and KBOSS_UI_SLOW_VM_NAME (the admin's VM on the same offering,
// its validation boot timeout long).
import { scenario, env } from './lib/harness.mjs'
import { choose, dialog, dialogClosed, field, logIn, logOut } from './lib/widgets.mjs'
import { actionResult, openVm, vmAction } from './lib/vm-page.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmId = env('KBOSS_UI_VM')
const vmName = env('KBOSS_UI_VM_NAME')
const expected = env('KBOSS_UI_EXPECTED')
const UNDECIDED = ['NotValidated', 'Validating']

await scenario('service-jobs', 1_500_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  const vmOf = async () => (await api.call('listVirtualMachines', { listall: true, id: vmId })).virtualmachine[0]
  const backupOf = async (id) => (await api.call('listBackups', { listall: true, id })).backup[0]

  await logIn(page, user, password)
  await page.locator('[data-test=menu] a[data-test=menu-vms]').waitFor()
  check(await page.locator('[data-test=menu-servicejobs]').count() === 0, 'a user is not offered the Service jobs page')
  await openVm(page, vmName)

  // The VM's validation settings.
  await page.locator('[role=tab]', { hasText: 'Validation' }).click()
  await page.locator('[data-test=validation-settings]').waitFor()
  const bootTimeout = page.locator('[data-test=detail-backupValidationBootTimeout][data-readonly=true]')
  check((await bootTimeout.textContent()).includes('180'), 'the boot timeout an admin set is shown to the user, read-only')
  await field(page, 'detail-backupValidationCommand').fill('/bin/sha256sum')
  await field(page, 'detail-backupValidationCommandArguments').fill('/kboss-check.bin')
  await page.locator('textarea[data-test=detail-backupValidationCommandExpectedResult]').fill(expected)
  await t.shot('vm-validation-settings')
  await page.locator('[data-test=save-validation-settings]').click()
  await page.locator('[data-test=action-notice]', { hasText: 'validation settings were saved' }).waitFor()
  const details = (await vmOf()).details ?? {}
  check(details.backupValidationCommand === '/bin/sha256sum' && details.backupValidationCommandArguments === '/kboss-check.bin',
    'the API shows the command and its arguments as typed')
  check(details.backupValidationCommandExpectedResult === Buffer.from(expected, 'utf8').toString('base64'),
    'the expected output typed as text is stored as its Base64')
  check(details.backupValidationBootTimeout === '180' && details.backupValidationScreenshotWait === '2',
    'the timeouts the user may not change are kept')

  // A backup, compressed, then validated.
  await page.locator('[role=tab]', { hasText: 'Backups' }).click()
  await vmAction(page, 'backup-now')
  const result = await actionResult(page, 'Backup')
  check(!result.failed, `the backup finished: ${result.text}`)
  const [taken] = (await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup
  const node = page.locator(`[data-test=chain-node][data-backup-id="${taken.id}"]`)
  const statusOf = async (locator) => ((await locator.count()) > 0 ? locator.first().getAttribute('data-status') : null)
  const nodeStatus = (kind) => statusOf(node.locator(`[data-test=node-${kind}]`))
  await t.waitUntil(async () => (await nodeStatus('compression')) === 'Compressed', 'the chain picture to show the backup Compressed', 300_000, 1000)
  let backup = await backupOf(taken.id)
  check(backup.compressionstatus === 'Compressed' && Number(backup.uncompressedsize) > Number(backup.size),
    `the API agrees: Compressed with ${backup.compressionlibrary}, ${backup.uncompressedsize} bytes became ${backup.size}`)
  await node.click()
  const selected = page.locator('[data-test=selected-backup]')
  await selected.locator('[data-test=compression-status][data-status=Compressed]').waitFor()
  const detail = await selected.locator('[data-test=compression-detail]').textContent()
  check(detail.includes('→') && detail.includes(backup.compressionlibrary), `the backup's details show the sizes before and after: ${detail}`)

  const seen = new Set()
  await t.waitUntil(async () => {
    const s = await nodeStatus('validation')
    if (s) seen.add(s)
    return s && !UNDECIDED.includes(s)
  }, 'the chain picture to show the validation\'s verdict', 600_000, 1000)
  backup = await backupOf(taken.id)
  const shown = await nodeStatus('validation')
  check(shown === backup.validationstatus, `the page shows the API's validation status ${backup.validationstatus} (seen on the way: ${[...seen].join(', ')})`)
  check(backup.validationstatus === 'Valid', `the backup booted and printed the expected output: ${backup.validationstatus} ${backup.validationreason ?? ''}`)
  await selected.locator('[data-test=validation-status][data-status=Valid]').waitFor()
  const shot = selected.locator('[data-test=validation-screenshot]')
  await shot.waitFor()
  const image = await shot.evaluate((img) => ({ src: img.src.slice(0, 22), width: img.naturalWidth }))
  check(image.src === 'data:image/png;base64,' && image.width > 0, `the validation's screenshot is shown in the page (${image.width} px wide)`)
  await t.shot('backup-compressed-and-validated')
  await logOut(page)

  // The root admin's Service jobs page.
  const admin = await t.api(env('KBOSS_UI_ADMIN'), env('KBOSS_UI_ADMIN_PASSWORD'))
  await logIn(page, env('KBOSS_UI_ADMIN'), env('KBOSS_UI_ADMIN_PASSWORD'))
  await page.locator('[data-test=menu-servicejobs]').click()
  await page.locator('[data-test=service-job-table]').waitFor()
  const jobs = (await admin.call('listBackupServiceJobs', { listall: true, backupid: taken.id, page: 1, pagesize: 20 })).backupservicejob ?? []
  check(jobs.map((j) => j.type).sort().join() === 'Compression,Validation', `the API lists a compression and a validation job of the backup`)
  const stateCell = (type) => page.locator(`[data-test=service-job-state][data-job-type=${type}][data-backup-id="${taken.id}"]`)
  for (const type of ['Compression', 'Validation']) {
    await choose(page, 'filter-type', type)
    await t.waitUntil(async () => (await statusOf(stateCell(type).locator('.status'))) === 'Succeeded',
      `the ${type} job of the backup to show Succeeded`, 120_000, 1000)
    const other = type === 'Compression' ? 'Validation' : 'Compression'
    check(await page.locator(`[data-test=service-job-state][data-job-type=${other}]`).count() === 0, `filtered by type ${type}, no ${other} job is listed`)
  }
  const api2 = (await admin.call('listBackupServiceJobs', { listall: true, backupid: taken.id, page: 1, pagesize: 20 })).backupservicejob
  check(api2.every((j) => j.state === 'Succeeded' && Number(j.attempts) >= 1), `the API agrees: ${api2.map((j) => `${j.type} ${j.state} after ${j.attempts} attempt(s)`).join(', ')}`)
  await choose(page, 'filter-state', 'Failed')
  await t.waitUntil(async () => (await stateCell('Validation').count()) === 0, 'the Failed filter to leave out the succeeded job')
  check(true, 'filtered by state Failed, the succeeded validation job is not listed')
  await choose(page, 'filter-state', 'Succeeded')
  await stateCell('Validation').waitFor()
  check(true, 'filtered by state Succeeded, it is listed again')
  await t.shot('service-jobs')

  // Cancel by clicking: the compression from "Running now", then the validation from the Service jobs page.
  const slowId = env('KBOSS_UI_SLOW_VM')
  const serviceJob = async (backupid, type) => ((await admin.call('listBackupServiceJobs', { listall: true, backupid, type })).backupservicejob ?? [])[0]
  const adminBackup = async (id) => (await admin.call('listBackups', { listall: true, id })).backup[0]
  const confirmCancel = async (kind, says) => {
    const box = dialog(page)
    await box.waitFor()
    await box.locator(`[data-test=cancel-what][data-kind=${kind}]`).waitFor()
    const text = (await box.textContent()) ?? ''
    check(says.every((s) => text.includes(s)) && !text.includes('The VM keeps running'),
      `the ${kind}'s confirmation says what its cancel does, and no VM is said to keep running: "${text.trim()}"`)
    await t.shot(`cancel-${kind}-dialog`, { fullPage: false })
    await box.locator('[data-test=confirm-ok]').click()
    await dialogClosed(page)
  }
  // 1 MB/s: the 256 MiB backup's compression runs for minutes (the setting is read when an attempt starts).
  await admin.call('updateConfiguration', { name: 'backup.compression.rate.limit', value: '1' })
  await openVm(page, env('KBOSS_UI_SLOW_VM_NAME'))
  await vmAction(page, 'backup-now')
  const slowResult = await actionResult(page, 'Backup')
  check(!slowResult.failed, `the second VM's backup finished: ${slowResult.text}`)
  const [slow] = (await admin.call('listBackups', { listall: true, virtualmachineid: slowId })).backup
  const compressing = page.locator('[data-test=running-item]', { hasText: `Compressing backup ${slow.id.slice(0, 8)}` })
  await compressing.locator('[data-test=cancel-operation]').waitFor({ timeout: 120_000 })
  const compression = await serviceJob(slow.id, 'Compression')
  check(compression?.state === 'Running', `the API lists the compression Running when Cancel is clicked (${compression?.progress ?? 0} % done)`)
  await compressing.locator('[data-test=cancel-operation]').click()
  await confirmCancel('compression', ['stays Uncompressed', 'not compressed again by itself', 'No VM is touched'])
  await page.locator('[data-test=action-notice]', { hasText: compression.id }).waitFor()
  await t.waitUntil(async () => (await serviceJob(slow.id, 'Compression'))?.state === 'Cancelled', 'the API to list the compression Cancelled', 120_000, 1000)
  const uncompressed = await adminBackup(slow.id)
  check(uncompressed.compressionstatus === 'Uncompressed' && /cancelled by admin/.test(uncompressed.compressionerror ?? ''),
    `the API lists the backup Uncompressed, saying who cancelled: ${uncompressed.compressionstatus}: ${uncompressed.compressionerror}`)
  await compressing.waitFor({ state: 'detached', timeout: 60_000 })
  const slowNode = page.locator(`[data-test=chain-node][data-backup-id="${slow.id}"] [data-test=node-compression]`)
  await t.waitUntil(async () => (await statusOf(slowNode)) === 'Uncompressed', 'the chain picture to show the backup Uncompressed', 60_000, 500)
  check(true, 'the page no longer lists the compression as running and shows the backup Uncompressed')

  // Its validation goes ahead once the compression ended, and waits for a guest agent that never answers.
  await page.locator('[data-test=menu-servicejobs]').click()
  await page.locator('[data-test=service-job-table]').waitFor()
  await choose(page, 'filter-type', 'Validation')
  await choose(page, 'filter-state', 'Running')
  const validating = page.locator('[data-test=service-job-table] tbody tr', {
    has: page.locator(`[data-test=service-job-state][data-job-type=Validation][data-backup-id="${slow.id}"]`)
  })
  await t.waitUntil(async () => {
    if ((await validating.count()) > 0) return true
    await page.locator('[data-test=service-jobs-page] [data-test=refresh]').click()
    return false
  }, 'the validation of the backup to be listed Running', 180_000, 2000)
  const validation = await serviceJob(slow.id, 'Validation')
  check(validation?.state === 'Running', `the API lists the validation Running when Cancel is clicked (${validation?.phase ?? ''})`)
  await validating.locator('[data-test=cancel-operation]').click()
  await confirmCancel('validation', ['throwaway VM', 'UnableToValidate', 'No VM is touched'])
  await page.locator('[data-test=action-notice]', { hasText: validation.id }).waitFor()
  await t.waitUntil(async () => (await serviceJob(slow.id, 'Validation'))?.state === 'Cancelled', 'the API to list the validation Cancelled', 120_000, 1000)
  const unable = await adminBackup(slow.id)
  check(unable.validationstatus === 'UnableToValidate' && /cancelled by admin/.test(unable.validationreason ?? ''),
    `the API lists the backup UnableToValidate, saying who cancelled: ${unable.validationreason}`)
  await choose(page, 'filter-state', 'Cancelled')
  const cancelledCell = page.locator(`[data-test=service-job-state][data-job-type=Validation][data-backup-id="${slow.id}"]`)
  await t.waitUntil(async () => (await statusOf(cancelledCell.locator('.status'))) === 'Cancelled', 'the page to list the validation Cancelled')
  check(true, 'filtered by state Cancelled, the page lists the cancelled validation')
  await t.shot('service-jobs-cancelled')
  await admin.call('resetConfiguration', { name: 'backup.compression.rate.limit' })

  // Queue again: nothing queues a cancelled compression or validation by itself. The backup's details offer
  // both; the compression is queued again from its Cancelled row (the dialog reads the backup first), and the
  // new job is listed and ends.
  await openVm(page, env('KBOSS_UI_SLOW_VM_NAME'))
  await page.locator(`[data-test=chain-node][data-backup-id="${slow.id}"]`).first().click()
  const selectedBackup = page.locator('[data-test=selected-backup]')
  for (const type of ['Compression', 'Validation']) await selectedBackup.locator(`[data-test=queue-again][data-job-type=${type}]`).waitFor()
  check(true, 'the cancelled backup\'s details offer Compress again and Validate again')
  await page.locator('[data-test=menu-servicejobs]').click()
  await page.locator('[data-test=service-job-table]').waitFor()
  await choose(page, 'filter-type', 'Compression')
  await choose(page, 'filter-state', 'Cancelled')
  const cancelledRow = page.locator('[data-test=service-job-table] tbody tr', {
    has: page.locator(`[data-test=service-job-state][data-job-type=Compression][data-backup-id="${slow.id}"]`)
  })
  await cancelledRow.locator('[data-test=queue-again]').click()
  let box = dialog(page)
  await box.locator('[data-test=queue-again-what] .status').waitFor()
  const says = (await box.textContent()) ?? ''
  check(/Uncompressed/.test(says) && (await box.locator('[data-test=queue-again-refusal]').count()) === 0,
    `the dialog shows the backup's compression state and nothing against it: "${says.trim()}"`)
  await t.shot('queue-again-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  const requeued = (await admin.call('listBackupServiceJobs', { listall: true, backupid: slow.id, type: 'Compression' })).backupservicejob
    .find((j) => j.id !== compression.id)
  check(Boolean(requeued), `the API lists a new compression job of the backup: ${requeued?.id} ${requeued?.state}`)
  await page.locator('[data-test=action-notice]', { hasText: requeued.id.slice(0, 8) }).waitFor()
  // Filtered to Cancelled, the row cannot see the newer job; its dialog reads the backup and refuses.
  await cancelledRow.locator('[data-test=queue-again]').click()
  await box.locator('[data-test=queue-again-refusal]').waitFor()
  const refusal = (await box.locator('[data-test=queue-again-refusal]').textContent()) ?? ''
  check(/already queued or running|is Compress/.test(refusal) && (await box.locator('[data-test=confirm-ok]').isDisabled()),
    `asked again, the dialog says why not and offers nothing to confirm: ${refusal.trim()}`)
  await box.locator('[data-test=confirm-cancel]').click()
  await dialogClosed(page)
  await choose(page, 'filter-state', 'Succeeded')
  const requeuedCell = page.locator(`[data-test=service-job-state][data-job-type=Compression][data-backup-id="${slow.id}"]`)
  await t.waitUntil(async () => {
    if ((await statusOf(requeuedCell.locator('.status'))) === 'Succeeded') return true
    await page.locator('[data-test=service-jobs-page] [data-test=refresh]').click()
    return false
  }, 'the queued-again compression to be listed Succeeded', 180_000, 2000)
  const compressed = await adminBackup(slow.id)
  check(compressed.compressionstatus === 'Compressed', `the API lists the backup Compressed after the job queued again: ${compressed.compressionstatus}`)

  // The Events page shows the work just done, filtered by type.
  await page.locator('[data-test=menu-events]').click()
  await page.locator('[data-test=event-table]').waitFor()
  for (const [type, job] of [['BACKUP.COMPRESS', compression], ['BACKUP.VALIDATE', validation]]) {
    await choose(page, 'filter-type', type)
    const ended = page.locator('[data-test=event-table] tbody tr', {
      has: page.locator(`[data-test=event-type][data-type="${type}"][data-state=Completed][data-resource-id="${slowId}"]`)
    }).filter({ hasText: job.id })
    await t.waitUntil(async () => (await ended.count()) > 0, `the ${type} event of the cancelled job to be listed`)
    const text = await ended.first().locator('[data-test=event-description]').textContent()
    check(/cancelled/.test(text) && (await ended.first().locator('[data-level=ERROR]').count()) === 1,
      `the ${type} event says the job was cancelled, at level ERROR: ${text}`)
    check(await page.locator(`[data-test=event-type]:not([data-type="${type}"])`).count() === 0, `filtered by type ${type}, no other type is listed`)
    const events = (await admin.call('listEvents', { type, listall: true, page: 1, pagesize: 100 })).event ?? []
    const ofJob = events.filter((e) => e.description.includes(job.id))
    check(ofJob.some((e) => e.state === 'Completed' && e.level === 'ERROR'), `the API lists the job's ${type} events too: ${ofJob.map((e) => e.state).join(', ')}`)
  }
  await t.shot('events-filtered')

  // Delete the cancelled validation's events, selected in the list (still filtered by BACKUP.VALIDATE).
  const validationRows = page.locator('[data-test=event-table] tbody tr').filter({ hasText: validation.id })
  const selectedCount = await validationRows.count()
  for (let i = 0; i < selectedCount; i++) await validationRows.nth(i).locator('input[type=checkbox]').check()
  await page.locator('[data-test=delete-selected]').click()
  box = dialog(page)
  const counted = box.locator('[data-test=change-count]')
  await counted.waitFor()
  check(Number(await counted.getAttribute('data-count')) === selectedCount && /Deletes \d+ events? selected/.test(await counted.textContent()),
    `the delete dialog names the ${selectedCount} selected events: ${await counted.textContent()}`)
  await t.shot('events-delete-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=action-notice]', { hasText: `${selectedCount} event` }).waitFor()
  const leftOfJob = ((await admin.call('listEvents', { type: 'BACKUP.VALIDATE', listall: true, page: 1, pagesize: 500 })).event ?? [])
    .filter((e) => e.description.includes(validation.id))
  check(leftOfJob.length === 0, `the API lists none of the deleted validation's events (${selectedCount} deleted)`)
  await t.waitUntil(async () => (await validationRows.count()) === 0, 'the deleted events to leave the list')

  // Archive every BACKUP.COMPRESS event up to today by type and date: the dialog counts them first.
  const today = new Date().toISOString().slice(0, 10)
  const toArchive = Number((await admin.call('listEvents', { type: 'BACKUP.COMPRESS', enddate: today, listall: true, page: 1, pagesize: 1 })).count ?? 0)
  check(toArchive > 0, `the API lists ${toArchive} BACKUP.COMPRESS events to archive`)
  // The dialog starts from the list's type filter.
  await choose(page, 'filter-type', 'BACKUP.COMPRESS')
  await page.locator('[data-test=archive-range]').click()
  box = dialog(page)
  const rangeType = (await box.locator('.ant-select-selection-item').first().textContent()) ?? ''
  check(rangeType.includes('BACKUP.COMPRESS'), `the archive dialog starts from the list's type: ${rangeType.trim()}`)
  const endInput = field(box, 'range-end')
  await endInput.click()
  await endInput.fill(today)
  await endInput.press('Enter')
  const rangeCount = box.locator('[data-test=change-count]')
  await t.waitUntil(async () => (await rangeCount.count()) > 0 && (await rangeCount.getAttribute('data-count')) === String(toArchive),
    `the archive dialog to count ${toArchive} events`, 30_000, 250)
  check(!(await box.locator('[data-test=confirm-ok]').isDisabled()), `the archive dialog names ${toArchive} events and may be confirmed`)
  await t.shot('events-archive-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=action-notice]', { hasText: 'archived' }).waitFor()
  const listedAfter = Number((await admin.call('listEvents', { type: 'BACKUP.COMPRESS', listall: true, page: 1, pagesize: 1 })).count ?? 0)
  check(listedAfter === 0, `the API no longer lists the archived BACKUP.COMPRESS events (${listedAfter} listed)`)
  await t.waitUntil(async () => (await page.locator('[data-test=event-type][data-type="BACKUP.COMPRESS"]').count()) === 0,
    'the archived events to leave the list')
  await t.shot('events-after-archive')
})
