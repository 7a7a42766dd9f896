// The pages and what each needs from the server. `needs` lists the commands a page cannot work
// without; the menu shows a page, and the router opens it, only when listApis offers them all.
import { createRouter, createWebHashHistory } from 'vue-router'

export const routes = [
  { path: '/', redirect: '/vms' },
  { path: '/vms', name: 'vms', component: () => import('./components/vms/VmListPage.vue'),
    meta: { title: 'Virtual machines', needs: ['listVirtualMachines'] } },
  { path: '/vms/:id', name: 'vm', component: () => import('./components/vms/VmDetailPage.vue'), props: true,
    meta: { title: 'Virtual machine', needs: ['listVirtualMachines', 'listBackups'], menu: 'vms' } },
  { path: '/backups', name: 'backups', component: () => import('./components/backups/BackupListPage.vue'),
    meta: { title: 'Backups', needs: ['listBackups'] } },
  { path: '/backupjobs', name: 'backupjobs', component: () => import('./components/backupjobs/BackupJobsPage.vue'),
    meta: { title: 'Backup jobs', needs: ['listBackupJobs'] } },
  { path: '/jobs', name: 'jobs', component: () => import('./components/jobs/JobsPage.vue'),
    meta: { title: 'Jobs', needs: ['listAsyncJobs'] } },
  { path: '/servicejobs', name: 'servicejobs', component: () => import('./components/servicejobs/ServiceJobsPage.vue'),
    meta: { title: 'Service jobs', needs: ['listBackupServiceJobs'], admin: true } },
  { path: '/events', name: 'events', component: () => import('./components/events/EventsPage.vue'),
    meta: { title: 'Events', needs: ['listEvents'] } },
  { path: '/usage', name: 'usage', component: () => import('./components/usage/UsagePage.vue'),
    meta: { title: 'Usage', needs: ['listAccountStorageHistory'] } },
  { path: '/offerings', name: 'offerings', component: () => import('./components/offerings/OfferingsPage.vue'),
    meta: { title: 'Backup offerings', needs: ['listBackupOfferings'] } },
  { path: '/zones', name: 'zones', component: () => import('./components/admin/ZonesPage.vue'),
    meta: { title: 'Zones', needs: ['listZones', 'createZone'], admin: true } },
  { path: '/zones/:id', name: 'zone', component: () => import('./components/admin/ZoneDetailPage.vue'), props: true,
    meta: { title: 'Zone', needs: ['listZones', 'createZone'], admin: true, menu: 'zones' } },
  { path: '/imagestores', name: 'imagestores', component: () => import('./components/admin/ImageStoresPage.vue'),
    meta: { title: 'Image stores', needs: ['listImageStores'], admin: true } },
  { path: '/hosts', name: 'hosts', component: () => import('./components/admin/HostsPage.vue'),
    meta: { title: 'Hosts', needs: ['listHosts'], admin: true } },
  { path: '/settings', name: 'settings', component: () => import('./components/admin/SettingsPage.vue'),
    meta: { title: 'Settings', needs: ['listConfigurations'], admin: true } },
  { path: '/:unknown(.*)*', name: 'unknown', component: () => import('./components/common/NotFound.vue'),
    meta: { title: 'Not found', needs: [] } }
]

export function createAppRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes })
  // The window's title names the page, for tabs, history and screen readers.
  router.afterEach((to) => {
    document.title = to.meta?.title ? `${to.meta.title} · KBOSS` : 'KBOSS'
  })
  return router
}

// The menu: pages in the order shown, grouped; a group without any page the caller may open is hidden.
export const MENU = [
  { group: null, items: ['vms', 'backups', 'backupjobs', 'jobs', 'servicejobs', 'events', 'usage', 'offerings'] },
  { group: 'Infrastructure', items: ['zones', 'imagestores', 'hosts', 'settings'] }
]

export function allowed(route, capabilities) {
  return capabilities.can(...(route.meta?.needs ?? []))
}
