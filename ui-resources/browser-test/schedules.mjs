// Backup schedules from the VM page: add one (daily at 14:30 in Europe/Berlin, keep 3, quiesce),
// edit it (weekly on Mondays at 02:05, keep all, isolated), delete it; after each step the API
// shows exactly what the form said.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_VM,
// KBOSS_UI_VM_NAME (a VM of the user's that has a backup offering).
import { scenario, env } from './lib/harness.mjs'
import { choose, dialog, dialogClosed, field, logIn } from './lib/widgets.mjs'
import { openVm } from './lib/vm-page.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const vmId = env('KBOSS_UI_VM')
const vmName = env('KBOSS_UI_VM_NAME')

const numbers = (schedule) => schedule.split(':').map(Number)

await scenario('schedules', 180_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  const schedules = async () => (await api.call('listBackupSchedule', { listall: true, virtualmachineid: vmId })).backupschedule ?? []

  await logIn(page, user, password)
  await openVm(page, vmName)
  await page.locator('[role=tab]', { hasText: 'Schedules' }).click()
  await page.locator('[data-test=schedule-table]').waitFor()
  check(page.url().includes('tab=schedules'), 'the tab is part of the address, so a reload or a link keeps it')

  // Add.
  await page.locator('[data-test=add-schedule]').click()
  let box = dialog(page)
  await box.locator('[data-test=interval-DAILY]').click()
  await field(box, 'hour').fill('14')
  await field(box, 'minute').fill('30')
  await box.locator('[data-test=timezone]').click()
  await page.keyboard.type('Europe/Berlin')
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Europe/Berlin"]').click()
  await field(box, 'maxbackups').fill('3')
  await field(box, 'schedule-quiescevm').check()
  await t.shot('schedule-form', { fullPage: false })
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=schedule-table] tbody tr.ant-table-row', { hasText: 'Every day at 14:30' }).waitFor()
  let [s] = await schedules()
  check(s && s.intervaltype === 'DAILY' && JSON.stringify(numbers(s.schedule)) === '[30,14]' && s.timezone === 'Europe/Berlin' &&
    Number(s.maxbackups) === 3 && s.quiescevm === true && s.isolated !== true,
  `the API lists the new schedule as the form said: ${JSON.stringify(s)}`)
  await t.shot('vm-schedules')

  // Edit.
  await page.locator('[data-test=edit-schedule]').click()
  box = dialog(page)
  check(await field(box, 'hour').inputValue() === '14' && await field(box, 'maxbackups').inputValue() === '3', 'the edit form opens with the schedule\'s values')
  await box.locator('[data-test=interval-WEEKLY]').click()
  await choose(page, 'dayofweek', 'Monday', box)
  await field(box, 'hour').fill('2')
  await field(box, 'minute').fill('5')
  await field(box, 'maxbackups').fill('')
  await field(box, 'schedule-quiescevm').uncheck()
  await field(box, 'schedule-isolated').check()
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=schedule-table] tbody tr.ant-table-row', { hasText: 'Mondays at 02:05' }).waitFor()
  ;[s] = await schedules()
  check(s.intervaltype === 'WEEKLY' && JSON.stringify(numbers(s.schedule)) === '[5,2,2]' && !s.maxbackups && s.quiescevm !== true &&
    s.isolated === true, `the API lists the schedule as edited (weekly, Mondays = day 2, keep all, isolated): ${JSON.stringify(s)}`)

  // Delete.
  await page.locator('[data-test=delete-schedule]').click()
  box = dialog(page)
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=schedule-table] .ant-empty').waitFor()
  check((await schedules()).length === 0, 'the API lists no schedule after the delete')
})
