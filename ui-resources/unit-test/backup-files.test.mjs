import { test } from 'node:test'
import assert from 'node:assert/strict'
import { childPath, extractLink, extractable, fileListing, parentPath, pathSteps } from '../src/model/backup-files.js'

test('without a filesystem the answer lists filesystems', () => {
  const listing = fileListing({ backupfiles: { filesystems: [{ name: '/dev/sda1', type: 'ext4', size: 10 }] } })
  assert.equal(listing.kind, 'filesystems')
  assert.deepEqual(listing.rows.map((f) => f.name), ['/dev/sda1'])
  assert.deepEqual(fileListing({}).rows, [])
  assert.deepEqual(fileListing(null).rows, [])
})

test('a directory lists its folders first, then by name, and says when it was cut short', () => {
  const listing = fileListing({ backupfiles: { path: '/etc', truncated: 'true', entries: [
    { name: 'passwd', type: 'file' }, { name: 'ssl', type: 'directory' }, { name: 'alt', type: 'symlink' },
    { name: 'apt', type: 'directory' }, { name: 'fifo', type: 'other' }] } })
  assert.equal(listing.kind, 'entries')
  assert.equal(listing.path, '/etc')
  assert.equal(listing.truncated, true)
  assert.deepEqual(listing.rows.map((e) => e.name), ['apt', 'ssl', 'alt', 'passwd', 'fifo'])
  assert.equal(fileListing({ backupfiles: { entries: [] } }).truncated, false)
})

test('paths are walked down and up', () => {
  assert.equal(childPath('/', 'etc'), '/etc')
  assert.equal(childPath('/etc', 'ssl'), '/etc/ssl')
  assert.equal(childPath('/etc/', 'ssl'), '/etc/ssl')
  assert.equal(parentPath('/etc/ssl'), '/etc')
  assert.equal(parentPath('/etc'), '/')
  assert.equal(parentPath('/'), '/')
  assert.deepEqual(pathSteps('/etc/ssl'), [{ name: '/', path: '/' }, { name: 'etc', path: '/etc' }, { name: 'ssl', path: '/etc/ssl' }])
  assert.deepEqual(pathSteps('/'), [{ name: '/', path: '/' }])
})

test('files and folders can be extracted, links and special files not', () => {
  assert.equal(extractable({ type: 'file' }), true)
  assert.equal(extractable({ type: 'directory' }), true)
  assert.equal(extractable({ type: 'symlink' }), false)
  assert.equal(extractable({ type: 'other' }), false)
})

test('the download link is made absolute against the page', () => {
  const link = extractLink({ backupfileextract: { url: '/client/download/abc', name: 'etc.tar', format: 'tar', size: 5 } }, 'http://h:8080/client/')
  assert.equal(link.href, 'http://h:8080/client/download/abc')
  assert.equal(link.name, 'etc.tar')
  assert.equal(extractLink({ backupfileextract: {} }, 'http://h/'), null)
  assert.equal(extractLink(null, 'http://h/'), null)
})
