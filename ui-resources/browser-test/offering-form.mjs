// Drives the offering page in Debian's headless Chromium against a running kboss-server.
//
// Run by the JUnit test io.kboss.test.ui.OfferingFormBrowserTest (module test/), or by hand:
//   KBOSS_UI_URL=http://127.0.0.1:8080/client/ KBOSS_UI_USERNAME=admin KBOSS_UI_PASSWORD=... \
//   KBOSS_UI_ZONE=zone1 KBOSS_UI_OUTPUT_DIR=/tmp/ui node browser-test/offering-form.mjs
// It creates ui-gold-RUN and ui-dedicated-RUN and tries ui-refused-RUN (RUN from KBOSS_UI_RUN).
// The password comes from the environment, never the command line, so it is not visible in ps.
// Prints one line per check; exits non-zero with the reason on the first failed check.
import { check, env, scenario } from './lib/harness.mjs'
import { field } from './lib/widgets.mjs'

const config = {
  username: env('KBOSS_UI_USERNAME'),
  password: env('KBOSS_UI_PASSWORD'),
  zone: env('KBOSS_UI_ZONE')
}
// Suffix of the offerings' names, so the caller can find them through the API afterwards.
const RUN = process.env.KBOSS_UI_RUN || Date.now().toString(36)
let harness

await scenario('offering', 240_000, async (t) => {
  harness = t
  const { page } = t
  await logIn(page)
  await openCreateForm(page)
  await checkShowHideRules(page)
  await checkServerErrorIsShown(page)
  await createGoodOffering(page)
  await createDedicatedOffering(page)
  await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' }) // let the closing modal fade out
  await t.shot('offering-list')
  await logOut(page)
})

// --- steps -------------------------------------------------------------------------------------

async function logIn(page) {
  await field(page, 'username').fill(config.username)
  await field(page, 'password').fill(`${config.password}-wrong`)
  harness.expectRefusals(1)
  const [refused] = await Promise.all([
    page.waitForResponse((r) => (r.request().postData() || '').includes('command=login')),
    page.locator('[data-test=login-submit]').click()
  ])
  const errortext = (await refused.json().catch(() => null))?.loginresponse?.errortext
  check(refused.status() >= 400 && typeof errortext === 'string', `a wrong password is refused (HTTP ${refused.status()})`)
  const shown = await page.locator('[data-test=login-error] .ant-alert-message').textContent()
  check(shown === errortext, `the login form shows the server's errortext as it came: "${shown}"`)

  await field(page, 'password').fill(config.password)
  await page.locator('[data-test=login-submit]').click()
  const user = await page.locator('[data-test=current-user]').textContent()
  await page.locator('[data-test=menu-offerings]').click()
  await page.locator('[data-test=offering-table]').waitFor()
  check(user === config.username, `logged in as ${config.username} and the offering list is shown`)
}

async function openCreateForm(page) {
  await page.locator('[data-test=open-create]').click()
  await field(page, 'name').waitFor()
  check(true, 'the Create backup offering form opens')
}

async function checkShowHideRules(page) {
  await expectHidden(page, 'compressionlibrary', 'compression library is hidden while compress is off')
  await page.locator('[data-test=compress]').click()
  await expectVisible(page, 'compressionlibrary', 'compression library appears when compress is turned on')
  await page.locator('[data-test=compress]').click()
  await expectHidden(page, 'compressionlibrary', 'compression library disappears when compress is turned off')

  await expectHidden(page, 'validationsteps', 'validation steps are hidden while validate is off')
  await page.locator('[data-test=validate]').click()
  await expectVisible(page, 'validationsteps', 'validation steps appear when validate is turned on')
  await page.locator('[data-test=validate]').click()
  await expectHidden(page, 'validationsteps', 'validation steps disappear when validate is turned off')

  const domain = '[data-test=domain-select], [data-test=domain-id]'
  await page.locator(domain).first().waitFor({ state: 'hidden' })
  check(true, 'domain is hidden while the offering is public')
  await page.locator('[data-test=public]').click()
  await page.locator(domain).first().waitFor({ state: 'visible' })
  check(true, 'domain appears when public is turned off')
  await page.locator('[data-test=public]').click()
  await page.locator(domain).first().waitFor({ state: 'hidden' })
  check(true, 'domain disappears when public is turned on again')
}

// KBOSS refuses offerings without user-driven backups; the page must show the server's own words.
async function checkServerErrorIsShown(page) {
  await field(page, 'name').fill(`ui-refused-${RUN}`)
  await field(page, 'description').fill('refused: no user-driven backups')
  await chooseZone(page)
  await setSwitch(page, 'allowuserdrivenbackups', false)
  harness.expectRefusals(1)
  const answer = await submitAndCatchAnswer(page)
  check(answer.status >= 400, `the server refused the offering without user-driven backups (HTTP ${answer.status})`)
  const errortext = answer.body?.createbackupofferingresponse?.errortext
  check(typeof errortext === 'string' && errortext.length > 0, `the refusal carries an errortext: "${errortext}"`)
  const shown = await page.locator('[data-test=form-error] .ant-alert-message').textContent()
  check(shown === errortext, 'the form shows the server\'s errortext exactly as it came')
  await harness.shot('offering-refused')
}

async function createGoodOffering(page) {
  const name = `ui-gold-${RUN}`
  await field(page, 'name').fill(name)
  await field(page, 'description').fill('made by the browser test')
  await setSwitch(page, 'allowuserdrivenbackups', true)
  await setSwitch(page, 'compress', true)
  await chooseOption(page, 'compressionlibrary', 'zlib')
  await setSwitch(page, 'validate', true)
  await chooseOptions(page, 'validationsteps', ['wait_for_boot', 'screenshot'])
  await page.locator('.ant-modal-title').click() // closes the multiple select's dropdown; Escape would close the modal
  await page.locator('[data-test=validationsteps].ant-select-open').waitFor({ state: 'detached' })
  await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown.ant-slide-up-leave-active'))
  await setSwitch(page, 'allowquickrestore', true)
  await setSwitch(page, 'allowextractfile', true)
  await field(page, 'backupchainsize').fill('5')
  await harness.shot('offering-form')
  const answer = await submitAndCatchAnswer(page)
  check(answer.status === 200, `the server accepted ${name}${refusal(answer)}`)
  const row = await offeringRow(page, name)
  // The eighth cell holds the root admin's Delete button.
  const cells = (await row.locator('td').allTextContents()).slice(0, 7)
  check(
    JSON.stringify(cells) === JSON.stringify([name, config.zone, 'zlib', 'wait_for_boot, screenshot', 'yes', '5', 'public']),
    `${name} appears in the list with its zone and options: ${JSON.stringify(cells)}`
  )
}

async function createDedicatedOffering(page) {
  const name = `ui-dedicated-${RUN}`
  await openCreateForm(page)
  await field(page, 'name').fill(name)
  await field(page, 'description').fill('for one domain only')
  await chooseZone(page)
  await setSwitch(page, 'public', false)
  const domainName = await chooseDomain(page)
  const answer = await submitAndCatchAnswer(page)
  check(answer.status === 200, `the server accepted ${name} for one domain${refusal(answer)}`)
  const cells = await (await offeringRow(page, name)).locator('td').allTextContents()
  check(cells[6] !== 'public' && cells[6].length > 0 && (domainName === null || cells[6] === domainName),
    `${name} appears in the list dedicated to domain "${cells[6]}" with compression and validation off: ${JSON.stringify(cells)}`)
  check(cells[2] === 'off' && cells[3] === 'off', `${name} has compression and validation off`)
}

async function logOut(page) {
  await page.locator('[data-test=user-menu]').click()
  await page.locator('[data-test=logout]').click()
  await field(page, 'username').waitFor()
  check(true, 'log out returns to the login form')
  await page.reload()
  await field(page, 'username').waitFor()
  check(await page.locator('[data-test=offering-table]').count() === 0, 'after log out a reload still asks to log in')
}

// --- helpers -----------------------------------------------------------------------------------


async function expectVisible(page, testId, message) {
  await page.locator(`[data-test=${testId}]`).waitFor({ state: 'visible' })
  check(true, message)
}

async function expectHidden(page, testId, message) {
  await page.locator(`[data-test=${testId}]`).waitFor({ state: 'hidden' })
  check(true, message)
}

async function setSwitch(page, testId, on) {
  const button = page.locator(`[data-test=${testId}]`)
  if ((await button.getAttribute('aria-checked')) !== String(on)) await button.click()
  if ((await button.getAttribute('aria-checked')) !== String(on)) throw new Error(`switch ${testId} did not turn ${on ? 'on' : 'off'}`)
}

async function chooseOption(page, testId, label) {
  await chooseOptions(page, testId, [label])
}

// A multiple select stays open after a choice, so it is opened once for all of them.
async function chooseOptions(page, testId, labels) {
  await page.locator(`[data-test=${testId}]`).click()
  for (const label of labels) {
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .click()
  }
}

async function chooseZone(page) {
  const selected = await page.locator('[data-test=zone] .ant-select-selection-item').textContent().catch(() => null)
  if (selected !== config.zone) await chooseOption(page, 'zone', config.zone)
}

// Picks the first domain the server lists, or types the logged-in user's domain id when the
// server has no listDomains. Returns the chosen domain's label, or null when typed as an id.
async function chooseDomain(page) {
  const select = page.locator('[data-test=domain-select]')
  if (await select.count()) {
    await select.click()
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first()
    const label = await option.textContent()
    await option.click()
    check(label.length > 0, `the domain is chosen from the server's listDomains: ${label}`)
    return label
  }
  const session = JSON.parse(await page.evaluate(() => sessionStorage.getItem('kboss.session')))
  await field(page, 'domain-id').fill(session.domainid)
  check(true, 'the server has no listDomains: the domain id is typed')
  return null
}

async function submitAndCatchAnswer(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && (r.request().postData() || '').includes('command=createBackupOffering')),
    page.locator('[data-test=submit]').click()
  ])
  let body = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  return { status: response.status(), body }
}

function refusal(answer) {
  return answer.status === 200 ? '' : ` (refused: HTTP ${answer.status} ${JSON.stringify(answer.body)})`
}

async function offeringRow(page, name) {
  const row = page.locator('[data-test=offering-table] tbody tr.ant-table-row').filter({ has: page.locator('td', { hasText: new RegExp(`^${name}$`) }) })
  await row.first().waitFor()
  return row.first()
}
