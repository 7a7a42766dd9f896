import { inject } from 'vue'

// The app-wide services every page uses, provided once by main.js and App.vue.
export const useApi = () => inject('api')
export const useCapabilities = () => inject('capabilities')
export const useSession = () => inject('session')
export const useOperations = () => inject('operations')
export const useListLoader = () => inject('listLoader')
