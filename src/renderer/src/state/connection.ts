import { createContext, useContext } from 'react'

// Whether the host connection is up. Once it is lost nothing the page shows about
// a pane is current, so panes grey out and their badges stop counting.

export const HostConnectedContext = createContext(true)

export function useHostConnected(): boolean {
  return useContext(HostConnectedContext)
}
