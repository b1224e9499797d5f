import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the Electron entry; serve: browser mode in plain Node (never imports electron).
        input: {
          index: resolve('src/main/index.ts'),
          serve: resolve('src/main/serve.ts'),
          // The MCP stdio bridge (tessera-mcp): plain Node, loads no host code.
          'mcp-bridge': resolve('src/main/mcp-bridge.ts'),
          // The headless mirrors' worker thread, loaded at runtime from out/main/mirror-worker.js.
          'mirror-worker': resolve('src/main/pty/mirror-worker.ts'),
          // The cost scanner's worker thread (transcripts read off the host thread): out/main/cost-scan-worker.js.
          'cost-scan-worker': resolve('src/main/costs/scan-worker.ts')
        }
      }
    }
  },
  preload: {
    // A sandboxed preload can only require electron itself: bundle the rest.
    build: { externalizeDeps: false, rollupOptions: { external: ['electron'] } }
  },
  renderer: {
    base: './',
    // electron-vite leaves the renderer unminified: 1.8 MB of script for every page load to parse.
    build: { minify: true },
    plugins: [react()]
  }
})
