import { createApp } from 'vue'
import {
  Alert, Button, Card, Checkbox, Form, Input, InputNumber, Layout, Modal, Select, Space, Switch, Table, Tag, Typography
} from 'ant-design-vue'
import 'ant-design-vue/dist/reset.css'
import App from './App.vue'
import { createApiClient } from './api/cloudstack.js'

const app = createApp(App)
for (const component of [Alert, Button, Card, Checkbox, Form, Input, InputNumber, Layout, Modal, Select, Space, Switch, Table, Tag, Typography]) {
  app.use(component)
}
// The API sits next to the page: the page is served at <base>, the API at <base>api.
app.provide('api', createApiClient({ endpoint: `${import.meta.env.BASE_URL}api` }))
app.mount('#app')
