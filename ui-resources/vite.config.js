import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// kboss-server serves the built files from the classpath folder kboss-ui/ at /client/,
// next to the API at /client/api. The Maven build packs target/ui-dist into that folder.
export default defineConfig({
  base: '/client/',
  plugins: [vue()],
  build: {
    outDir: 'target/ui-dist',
    emptyOutDir: true,
    // Ant Design Vue is one large chunk; the page is an admin tool on a LAN, not a public site.
    chunkSizeWarningLimit: 2000
  },
  server: {
    // `npm run dev` against a server started by hand (bin/kboss-up listens on 8080).
    proxy: { '/client/api': process.env.KBOSS_API_ORIGIN || 'http://127.0.0.1:8080' }
  }
})
