import xtermHeadless from '@xterm/headless'
import { SerializeAddon } from '@xterm/addon-serialize'
import { describe, expect, it } from 'vitest'
import { flattenedScreen, RESTART_RESET } from '../../src/main/pty/pane-output'

const { Terminal } = xtermHeadless

// A restored pane draws its saved snapshot, then the reset that readies the terminal for
// the new program: what the user sees until that program draws must be the last screen.

function terminal(): InstanceType<typeof Terminal> {
  return new Terminal({ cols: 40, rows: 6, allowProposedApi: true })
}

const write = (term: InstanceType<typeof Terminal>, data: string): Promise<void> => new Promise((resolve) => term.write(data, resolve))

function visibleRows(term: InstanceType<typeof Terminal>): string[] {
  const buffer = term.buffer.active
  const rows: string[] = []
  for (let y = 0; y < term.rows; y++) rows.push((buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '').trimEnd())
  return rows
}

async function snapshotOf(output: string): Promise<string> {
  const source = terminal()
  const serializer = new SerializeAddon()
  source.loadAddon(serializer)
  await write(source, output)
  return serializer.serialize({ excludeModes: true })
}

async function restored(snapshot: string): Promise<InstanceType<typeof Terminal>> {
  const shown = terminal()
  await write(shown, flattenedScreen(snapshot) + RESTART_RESET)
  return shown
}

describe('a restored screen', () => {
  it('shows the last screen of a program that drew in the alternate screen, in the normal buffer', async () => {
    const snapshot = await snapshotOf('$ claude\r\n\x1b[?1049h\x1b[H╭ Claude ╮\r\n> remember the word\r\n\x1b[2mauto mode on\x1b[0m')
    const shown = await restored(snapshot)
    expect(shown.buffer.active.type).toBe('normal')
    const rows = visibleRows(shown)
    expect(rows).toContain('> remember the word')
    expect(rows).toContain('auto mode on')
    // The shell line from before the program stays above it.
    expect(rows.indexOf('$ claude')).toBeLessThan(rows.indexOf('> remember the word'))
  })

  it('leaves a normal-buffer screen as it was, with the new program starting below it', async () => {
    const snapshot = await snapshotOf('$ echo saved\r\nsaved\r\n$ ')
    expect(flattenedScreen(snapshot)).toBe(snapshot)
    const shown = await restored(snapshot)
    await write(shown, 'new$ ')
    expect(visibleRows(shown).slice(0, 4)).toEqual(['$ echo saved', 'saved', '$', 'new$'])
  })
})
