import '@xterm/xterm/css/xterm.css'
import './styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { loadSettings } from './state/settings'

// Theme before the first paint, so "Connecting…" does not flash the wrong colours.
document.documentElement.dataset.theme = loadSettings().theme

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
