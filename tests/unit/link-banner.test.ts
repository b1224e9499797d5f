import { describe, expect, it } from 'vitest'
import { REFUSED_TEXT } from '../../src/renderer/src/state/host-session'
import { linkBanner } from '../../src/renderer/src/state/link-banner'

describe('linkBanner', () => {
  it('says nothing while connecting or connected', () => {
    expect(linkBanner({ phase: 'connecting' }, false)).toBeNull()
    expect(linkBanner({ phase: 'connected' }, true)).toBeNull()
  })

  it('says the host was lost and the page reconnects, with the refusal when the host said no', () => {
    expect(linkBanner({ phase: 'retrying' }, true)).toBe('Disconnected from the Tessera host. Reconnecting…')
    expect(linkBanner({ phase: 'retrying', problem: REFUSED_TEXT }, true)).toBe(`Disconnected from the Tessera host. Reconnecting… ${REFUSED_TEXT}`)
  })

  it('before any connection, says why the first tries fail', () => {
    expect(linkBanner({ phase: 'retrying' }, false)).toBe('Cannot reach the Tessera host. Retrying…')
    expect(linkBanner({ phase: 'retrying', problem: REFUSED_TEXT }, false)).toBe(`${REFUSED_TEXT} Retrying…`)
  })

  it('shows why the page can never connect', () => {
    expect(linkBanner({ phase: 'failed', message: 'no token' }, false)).toBe('no token')
  })
})
