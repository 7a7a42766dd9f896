import { createApp, reactive } from 'vue'
import {
  Alert, Badge, Breadcrumb, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Drawer, Dropdown, Empty, Form, Input,
  InputNumber, Layout, List, Menu, Modal, Popconfirm, Progress, Radio, Result, Row, Segmented, Select, Skeleton, Space, Spin,
  Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography, notification
} from 'ant-design-vue'
import 'ant-design-vue/dist/reset.css'
import './styles.css'
import App from './App.vue'
import { createApiClient } from './api/cloudstack.js'
import { createAppRouter } from './router.js'

const components = [
  Alert, Badge, Breadcrumb, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Drawer, Dropdown, Empty, Form, Input,
  InputNumber, Layout, List, Menu, Modal, Popconfirm, Progress, Radio, Result, Row, Segmented, Select, Skeleton, Space, Spin,
  Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography
]

// Who is logged in; null shows the login page. `notice` says why a session ended on its own.
const sessionState = reactive({ session: null, notice: '' })
// The API sits next to the page: the page is served at <base>, the API at <base>api.
const api = createApiClient({
  endpoint: `${import.meta.env.BASE_URL}api`,
  onSessionLost: () => {
    sessionState.session = null
    sessionState.notice = 'Your session ended (it expired or was logged out elsewhere); log in again.'
  }
})
sessionState.session = api.session

// Below the header, so a notification never covers its buttons.
notification.config({ top: '72px' })

const app = createApp(App)
for (const component of components) app.use(component)
app.use(createAppRouter())
app.provide('api', api)
app.provide('session', sessionState)
app.mount('#app')
