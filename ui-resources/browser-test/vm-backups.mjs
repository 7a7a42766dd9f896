// A user's whole backup story for one VM, by clicking only: assign an offering, back up twice with
// a guest write between (the chain picture grows from Full to Full → Inc 1 without a reload), an
// isolated backup, a restore refused while the VM runs and done once it is stopped, a quick restore,
// finish chain, a volume quick-restored and attached while the VM runs, and a delete whose answer says
// where the backup was merged. Each effect is checked through the API, and the disk's content by the test's fixture.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_VM (uuid),
// KBOSS_UI_VM_NAME, KBOSS_UI_OFFERING (name).
import { scenario, env } from './lib/harness.mjs'
import { choose, field, dialog, dialogClosed, logIn } from './lib/widgets.mjs'
import { actionResult, backupRow, chainPicture, openVm, vmAction, vmState } from './lib/vm-page.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmId = env('KBOSS_UI_VM')
const vmName = env('KBOSS_UI_VM_NAME')
const offeringName = env('KBOSS_UI_OFFERING')

await scenario('vm-backups', 420_000, async (t) => {
  const { page, check, lab } = t
  const api = await t.api(user, password)
  const backupsOf = async () => (await api.call('listBackups', { listall: true, virtualmachineid: vmId })).backup ?? []

  await logIn(page, user, password)
  await page.locator('[data-test=vm-table] [data-test=vm-link]').first().waitFor()
  await t.shot('vm-list')
  await openVm(page, vmName)
  check((await page.locator('[data-test=backup-now]').count()) === 0, 'without an offering the VM offers no backup')
  await t.shot('vm-detail-unassigned')

  // Assign.
  await vmAction(page, 'assign-offering', async (box) => {
    await choose(page, 'offering-select', new RegExp(`^${offeringName} `), box)
    await t.shot('vm-assign-dialog', { fullPage: false })
  })
  await page.locator('[data-test=vm-offering]', { hasText: offeringName }).waitFor()
  const [assigned] = (await api.call('listVirtualMachines', { listall: true, id: vmId })).virtualmachine
  check(assigned.backupofferingname === offeringName, `the API shows ${vmName} assigned to ${offeringName}`)

  // First backup: Full.
  await lab('write', vmId, '0x11', '0', '1M')
  await vmAction(page, 'backup-now')
  const first = await actionResult(page, 'Backup')
  check(!first.failed, `the first backup finished: ${first.message}: ${first.text}`)
  let backups = await backupsOf()
  check(backups.length === 1 && backups[0].type === 'Full' && backups[0].status === 'BackedUp', `the API lists one Full BackedUp backup`)
  const full = backups[0]
  await t.waitUntil(async () => (await chainPicture(page)).chains[0]?.nodes.length === 1, 'the chain picture to show the full backup')
  let picture = await chainPicture(page)
  check(picture.chains.length === 1 && picture.chains[0].nodes[0].id === full.id && picture.chains[0].nodes[0].type === 'Full',
    'the chain picture shows one chain: the Full backup')

  // Second backup after a guest write: Incremental on the same chain, drawn without a reload.
  await lab('write', vmId, '0x22', '1M', '1M')
  await vmAction(page, 'backup-now')
  const second = await actionResult(page, 'Backup')
  check(!second.failed, `the second backup finished: ${second.text}`)
  backups = await backupsOf()
  const inc = backups.find((b) => b.id !== full.id)
  check(inc.type === 'Incremental' && inc.parentid === full.id && inc.chainid === full.chainid,
    `the API lists the second backup as Incremental on ${full.id}`)
  await t.waitUntil(async () => (await chainPicture(page)).chains[0]?.nodes.length === 2, 'the chain picture to grow')
  picture = await chainPicture(page)
  check(JSON.stringify(picture.chains[0].nodes.map((n) => [n.id, n.type])) === JSON.stringify([[full.id, 'Full'], [inc.id, 'Incremental']]),
    'the chain picture grew to Full → Incremental without a reload')
  await page.locator(`[data-test=chain-node][data-backup-id="${inc.id}"]`).click()
  await page.locator('[data-test=selected-backup]').waitFor()
  await t.shot('vm-chain')

  // Isolated backup, quiesce off.
  await vmAction(page, 'backup-now', async (box) => field(box, 'isolated').check())
  const third = await actionResult(page, 'Backup')
  check(!third.failed, 'the isolated backup finished')
  const isolated = (await backupsOf()).find((b) => b.isolated === true)
  check(isolated && isolated.type === 'Full' && !isolated.chainid, 'the API lists an isolated Full backup outside any chain')
  await t.waitUntil(async () => (await chainPicture(page)).isolated.length === 1, 'the isolated backup to be drawn apart')

  // Restore while the VM runs: the dialog warns and offers nothing to confirm.
  check(await vmState(page) === 'Running', 'the VM runs')
  await backupRow(page, full.id).locator('[data-test=restore]').click()
  let box = dialog(page)
  await box.locator('[data-test=restore-running-warning]').waitFor()
  check(await box.locator('[data-test=confirm-ok]').isDisabled(), 'while the VM runs the restore dialog warns and its Restore button is disabled')
  await t.shot('vm-restore-while-running', { fullPage: false })
  await box.locator('[data-test=confirm-cancel]').click()
  await dialogClosed(page)

  // Stopped (by the fixture, as the guest or the hypervisor would): the page sees it without a reload.
  await lab('stop', vmId)
  await page.locator('[data-test=vm-state]', { hasText: 'Stopped' }).waitFor({ timeout: 30_000 })
  check(true, 'the page shows the VM Stopped without a reload')

  // Full restore of the full backup.
  await backupRow(page, full.id).locator('[data-test=restore]').click()
  box = dialog(page)
  await box.locator('[data-test=mode-full]').waitFor()
  check(await box.locator('[data-test=restore-running-warning]').count() === 0, 'a stopped VM gets no warning')
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  const restored = await actionResult(page, 'Restore')
  check(!restored.failed && restored.text.includes(full.id), `the restore finished: ${restored.message}: ${restored.text}`)
  await lab('assert-disk', vmId, '0x11', '0')
  await lab('assert-disk', vmId, '0x00', '1')
  check(true, 'the disk holds the full backup\'s data: 0x11 at 0, zeros at 1 MiB')

  // Quick restore of the incremental: the VM runs at once, the disks are consolidated.
  await backupRow(page, inc.id).locator('[data-test=restore]').click()
  box = dialog(page)
  await box.locator('[data-test=mode-quick]').click()
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  // While it runs (once out of the queue) the page shows its progress bar.
  const consolidating = page.locator('[data-test=running-item]', { hasText: 'Quick restore' }).locator('[data-test=progress]')
  // The loser of the race is left to time out quietly.
  await Promise.race([consolidating.waitFor().catch(() => {}),
    page.locator('[data-test=action-result]', { hasText: 'Quick restore' }).waitFor({ timeout: 120_000 }).catch(() => {})])
  if (await consolidating.count() > 0) {
    check(true, 'the running quick restore shows its progress bar')
    await consolidating.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${process.env.KBOSS_UI_OUTPUT_DIR}/vm-quick-restore-running.png` })
  }
  const quick = await actionResult(page, 'Quick restore')
  check(!quick.failed && /quick restore/.test(quick.text), `the quick restore finished: ${quick.message}: ${quick.text}`)
  // The server records the VM's power state at its next discovery; the domain itself runs already.
  check(await lab('running', vmId) === 'true', 'quick restore started the VM')
  await lab('stop', vmId)
  await lab('assert-disk', vmId, '0x11', '0')
  await lab('assert-disk', vmId, '0x22', '1')
  check(true, 'the quick-restored disk holds the incremental\'s data: 0x11 at 0, 0x22 at 1 MiB')
  await lab('start', vmId)
  await page.locator('[data-test=vm-state]', { hasText: 'Running' }).waitFor({ timeout: 30_000 })

  // Finish chain, then the next backup starts a new chain.
  await vmAction(page, 'finish-chain')
  await page.locator('[data-test=action-notice]').waitFor()
  await vmAction(page, 'backup-now')
  const fresh = await actionResult(page, 'Backup')
  const newest = (await backupsOf()).filter((b) => !b.isolated).pop()
  check(!fresh.failed && newest.type === 'Full' && newest.chainid !== full.chainid, 'after Finish chain the next backup is Full on a new chain')
  await t.waitUntil(async () => (await chainPicture(page)).chains.length === 2, 'the new chain to be drawn')

  // Quick-restore the disk of the new full backup as a second volume of the VM (live: it runs, and the
  // offering allows quick restore): the dialog says what quick restore does and warns that the VM runs.
  await backupRow(page, newest.id).locator('[data-test=restore-volume]').click()
  box = dialog(page)
  await choose(page, 'restore-volume', /vda/, box)
  await field(box, 'restore-volume-quick').check()
  const quickText = (await box.locator('[data-test=restore-volume-quick-text]').textContent()) ?? ''
  check(/usable at once/.test(quickText) && /copied in the background/.test(quickText), `the dialog says what quick restore does: ${quickText.trim()}`)
  const warning = (await box.locator('[data-test=restore-volume-running-warning]').textContent()) ?? ''
  check(warning.includes(`${vmName} is Running`) && /hot-plugged/.test(warning), `the dialog warns that the VM runs: ${warning.trim()}`)
  await t.shot('vm-quick-volume-restore-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  const volume = await actionResult(page, 'Quick volume restore')
  check(!volume.failed && /with quick restore/.test(volume.text), `the quick volume restore finished and the server says it took the quick path: ${volume.text}`)
  const volumes = (await api.call('listVolumes', { listall: true, virtualmachineid: vmId })).volume
  check(volumes.some((v) => v.type === 'DATADISK'), `the API lists the restored volume attached to ${vmName} as a DATADISK`)

  // Delete the old full backup: its incremental depends on it, so it is merged; the answer says into which.
  await backupRow(page, full.id).locator('[data-test=delete]').click()
  box = dialog(page)
  await box.waitFor()
  await t.shot('vm-delete-dialog', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  const deleted = await actionResult(page, 'Delete backup')
  check(!deleted.failed && deleted.text.includes(inc.id), `the delete's answer is shown and names the backup it merged into: ${deleted.text}`)
  const left = await backupsOf()
  check(!left.some((b) => b.id === full.id) && left.some((b) => b.id === inc.id), 'the API no longer lists the deleted backup; its child stays')
  await t.waitUntil(async () => !(await chainPicture(page)).chains.some((c) => c.nodes.some((n) => n.id === full.id)), 'the deleted backup to leave the picture')
  await t.shot('vm-after-delete')
})
