import { test } from 'node:test'
import assert from 'node:assert/strict'
import { describeSchedule, fromRecord, newSchedule, scheduleString, toParams } from '../src/model/schedule-model.js'

test('each interval type becomes the schedule string the API takes', () => {
  const form = { ...newSchedule('UTC'), minute: 30, hour: 14, dayOfWeek: 1, dayOfMonth: 15 }
  assert.equal(scheduleString({ ...form, intervaltype: 'HOURLY' }), '30')
  assert.equal(scheduleString({ ...form, intervaltype: 'DAILY' }), '30:14')
  assert.equal(scheduleString({ ...form, intervaltype: 'WEEKLY' }), '30:14:2', 'Monday is day 2 (1 = Sunday)')
  assert.equal(scheduleString({ ...form, intervaltype: 'MONTHLY' }), '30:14:15')
})

test('the form becomes the request, and an empty keep sends 0 (keep all)', () => {
  const params = toParams({ ...newSchedule('Europe/Berlin'), intervaltype: 'DAILY', minute: 5, hour: 2, maxbackups: null, quiescevm: true })
  assert.deepEqual(params, { intervaltype: 'DAILY', schedule: '5:2', timezone: 'Europe/Berlin', quiescevm: true, isolated: false, maxbackups: 0 })
})

test('a listed schedule comes back into the form it was made with', () => {
  const form = fromRecord({ intervaltype: 'WEEKLY', schedule: '05:02:2', timezone: 'UTC', maxbackups: 3, isolated: true })
  assert.equal(form.minute, 5)
  assert.equal(form.hour, 2)
  assert.equal(form.dayOfWeek, 1)
  assert.equal(form.maxbackups, 3)
  assert.equal(form.isolated, true)
  assert.equal(describeSchedule({ intervaltype: 'WEEKLY', schedule: '5:2:2' }), 'Mondays at 02:05')
  assert.equal(describeSchedule({ intervaltype: 'DAILY', schedule: '30:14' }), 'Every day at 14:30')
})
