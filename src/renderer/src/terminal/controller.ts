import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon, type ISearchResultChangeEvent } from '@xterm/addon-search'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { WebglAddon } from '@xterm/addon-webgl'
import { Terminal } from '@xterm/xterm'
import type { TesseraClient } from '../../../shared/bridge'
import { NotConnectedError } from '../bridge/not-connected'
import { commandFor } from '../keymap'
import type { ViewSettings } from '../state/settings'
import { AckBatcher } from './ack'
import { CatchUp } from './catch-up'
import { terminalFontFamily } from './font-family'
import { hardwareWebglAvailable } from './gpu'
import { HeldReplacement } from './held-replacement'
import { InputSender } from './input-sender'
import { symbolFontLoaded } from './symbol-font'
import { searchDecorations, terminalTheme } from './themes'
import { syncViewportOncePerFrame } from './viewport-sync'
import type { ScheduledOutput, WriteScheduler } from './write-scheduler'

// One pane's terminal, kept outside React on purpose (Wave Terminal's lesson):
// splits, closes, moves and zoom rebuild the grid's React tree, and a terminal
// that remounted with it would lose its scrollback, renderer and parser state.
// The controller owns the xterm instance and its element; the grid only lends it
// a slot (mount/unmount re-parent the element) and the instance lives until the
// pane itself is gone.

export interface ControllerHooks {
  onTitle(title: string): void
  onFocus(): void
  onError(message: string): void
}

export type SearchResults = ISearchResultChangeEvent

const RESIZE_DEBOUNCE_MS = 40
/** Default colours, cursor home, erase the screen, then the scrollback. */
const CLEAR_SCREEN_AND_SCROLLBACK = '\x1b[0m\x1b[H\x1b[2J\x1b[3J'

function openLink(uri: string): void {
  // A new window without an opener: Electron's main denies it and hands the URL to the
  // system browser; a browser opens a tab. The app itself never navigates.
  window.open(uri, '_blank', 'noopener,noreferrer')
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export class TerminalController {
  readonly element: HTMLDivElement
  private readonly term: Terminal
  private readonly fit = new FitAddon()
  private readonly search = new SearchAddon({ highlightLimit: 1_000 })
  private readonly ack: AckBatcher
  private readonly input: InputSender
  /** The pane's output on its way to the terminal, paced by the shared scheduler. */
  private readonly output: ScheduledOutput
  private readonly cleanups: (() => void)[] = []
  private readonly observer: ResizeObserver
  private view: ViewSettings
  private opened = false
  private readonly catchUp: CatchUp
  private readonly held: HeldReplacement
  private webgl: WebglAddon | undefined
  /** The size this client last reported to the host: what its slot fits, not the PTY's size. */
  private sentSize: { cols: number; rows: number } | undefined
  /** The PTY's size as the host last announced it. */
  private ptySize: { cols: number; rows: number } | undefined
  private resizeTimer: ReturnType<typeof setTimeout> | undefined
  private mountFrame = 0
  private releaseFrame = 0
  /** Where the viewport was when the element was last taken out of the page. */
  private parked: { line: number; atBottom: boolean } | undefined
  private disposed = false
  /** The find bar's query, so a theme change can repaint its highlights. */
  private query = ''

  constructor(
    private readonly client: TesseraClient,
    readonly paneId: string,
    view: ViewSettings,
    private readonly hooks: ControllerHooks,
    scheduler: WriteScheduler
  ) {
    this.view = view
    this.element = document.createElement('div')
    this.element.className = 'terminal-host'
    this.element.dataset.terminalFor = paneId
    this.term = new Terminal({
      allowProposedApi: true, // unicode11 and search decorations use proposed APIs
      cursorBlink: true,
      macOptionIsMeta: true,
      fontFamily: terminalFontFamily(view.fontFamily),
      fontSize: view.fontSize,
      // Programs pick colours for a dark background (Claude Code's white bullets, pale yellow):
      // xterm shifts any pair below WCAG AA's 4.5:1 so every theme stays readable.
      minimumContrastRatio: 4.5,
      scrollback: view.scrollback,
      theme: terminalTheme(view.theme),
      linkHandler: { activate: (_event, uri) => openLink(uri) }
    })
    this.input = new InputSender({
      write: (data) => this.client.call('pane.write', { paneId, data }),
      notify: (message) => !this.disposed && this.hooks.onError(message)
    })
    this.ack = new AckBatcher((chars) => void this.client.call('pane.ack', { paneId, chars }).catch(() => undefined))
    this.output = scheduler.register(paneId, (data, parsed) =>
      this.term.write(data, () => {
        this.ack.add(data.length)
        parsed()
      })
    )
    const sink = {
      write: (data: string) => this.output.push(data),
      replace: (data: string) => this.replaceOutput(data),
      discard: () => this.output.discard()
    }
    this.held = new HeldReplacement(sink, () => {
      const buffer = this.term.buffer.active
      return buffer.viewportY < buffer.baseY
    })
    this.catchUp = new CatchUp({
      write: (data) => this.held.write(data),
      skip: (chars) => this.ack.add(chars),
      replace: (data) => this.held.replace(data)
    })
    this.loadAddons()
    this.wireTerminal()
    this.observer = new ResizeObserver(() => this.scheduleFit())
    this.observer.observe(this.element)
    this.attach()
  }

  private loadAddons(): void {
    this.term.loadAddon(this.fit)
    this.term.loadAddon(this.search)
    this.term.loadAddon(new WebLinksAddon((event, uri) => (event.preventDefault(), openLink(uri))))
    this.term.loadAddon(new Unicode11Addon())
    this.term.unicode.activeVersion = '11'
  }

  private wireTerminal(): void {
    // Tessera's shortcuts never reach the terminal; everything else (Ctrl+C, Esc, …) does.
    this.term.attachCustomKeyEventHandler((event) => commandFor(event) === undefined)
    const input = this.term.onData((data) => this.send(data))
    const title = this.term.onTitleChange((text) => this.hooks.onTitle(text))
    const scroll = this.term.onScroll(() => this.held.scrolled())
    const output = this.client.on(
      'pane.data',
      ({ paneId, data, offset, replace }) => paneId === this.paneId && this.catchUp.receive(offset, data, replace)
    )
    // The host decides the PTY's size over every client showing the pane; the terminal takes exactly that size.
    const sized = this.client.on('panes.changed', ({ panes }) => {
      const pane = panes.find((candidate) => candidate.id === this.paneId)
      if (pane) this.takePtySize(pane.cols, pane.rows)
    })
    const focus = (): void => this.hooks.onFocus()
    this.element.addEventListener('focusin', focus)
    this.cleanups.push(
      () => input.dispose(),
      () => title.dispose(),
      () => scroll.dispose(),
      output,
      sized,
      () => this.element.removeEventListener('focusin', focus)
    )
  }

  /** Asks for what the pane printed before this terminal existed (a reload, a second window). */
  private attach(): void {
    this.client
      .call('pane.attach', { paneId: this.paneId })
      .then(({ pane, backlog, end }) => {
        if (this.disposed) return
        // The backlog was printed for the PTY's size: parse it at that size.
        this.takePtySize(pane.cols, pane.rows)
        // A restored pane's program waits for its saved screen to be drawn (the host then starts it).
        const shown = (): void => void (pane.restored && this.client.call('pane.shown', { paneId: this.paneId }).catch(() => undefined))
        if (backlog) this.term.write(backlog, shown)
        else shown()
        this.catchUp.answered(end)
      })
      .catch((error: unknown) => {
        this.report("Could not load the pane's earlier output", error)
        this.catchUp.answered(0) // show what comes from now on
      })
  }

  /**
   * Clears what the terminal shows in its write queue, so it lands after the writes
   * already handed to it (HeldReplacement dropped those still waiting here). Modes stay
   * as the program set them: only the picture is replaced.
   */
  private replaceOutput(data: string): void {
    this.term.write(CLEAR_SCREEN_AND_SCROLLBACK)
    this.output.push(data)
  }

  private send(data: string): void {
    this.output.typed()
    this.input.send(data)
  }

  /** A failed call is the UI's notice, never text in the terminal (where it would pose as the program's output). */
  private report(what: string, error: unknown): void {
    // A lost connection is shown once, by the page's banner.
    if (!this.disposed && !(error instanceof NotConnectedError)) this.hooks.onError(`${what}: ${errorText(error)}`)
  }

  /** Lends the terminal a slot in the grid; the first slot also opens it. */
  mount(slot: HTMLElement): void {
    cancelAnimationFrame(this.releaseFrame)
    slot.appendChild(this.element)
    if (!this.opened) this.open()
    // Measure on the next frame, not now: mid-commit the panels library has not sized a
    // freshly mounted group yet, and a fit to that passing size would stick (the observer
    // only reports sizes that differ from the last frame's).
    cancelAnimationFrame(this.mountFrame)
    this.mountFrame = requestAnimationFrame(() => this.settle())
  }

  private settle(): void {
    if (!this.element.isConnected) return
    this.fitNow()
    // The slot may have another size: a viewport that followed the output keeps following it.
    if (this.parked?.atBottom) this.term.scrollToBottom()
    else if (this.parked) this.term.scrollToLine(this.parked.line)
    this.parked = undefined
    if (this.opened && !this.disposed) this.term.refresh(0, this.term.rows - 1)
  }

  /** Takes the element back when its slot goes away; the terminal lives on. */
  unmount(slot: HTMLElement): void {
    if (this.element.parentElement !== slot) return
    cancelAnimationFrame(this.mountFrame)
    const buffer = this.term.buffer.active
    this.parked = { line: buffer.viewportY, atBottom: buffer.viewportY >= buffer.baseY }
    this.element.remove()
    // A grid change re-parents the element within one commit; only a terminal still out of
    // the page a frame later is no longer shown here, and stops holding the pane's size.
    this.releaseFrame = requestAnimationFrame(() => this.release())
  }

  private release(): void {
    if (this.element.isConnected || this.disposed || !this.sentSize) return
    this.sentSize = undefined
    delete this.element.dataset.fits
    this.client.call('pane.release', { paneId: this.paneId }).catch((error: unknown) => this.report('Could not release the pane', error))
  }

  private open(): void {
    this.term.open(this.element)
    this.opened = true
    // Marked so the e2e suite notices when an xterm.js upgrade no longer takes the patch.
    this.element.dataset.viewportSync = syncViewportOncePerFrame(this.term) ? 'frame' : 'line'
    if (hardwareWebglAvailable()) this.loadWebgl()
    this.element.dataset.renderer = this.webgl ? 'webgl' : 'dom'
    // Metrics measured before a web font arrives are wrong; measure again once fonts settle.
    void document.fonts.ready.then(() => this.fitNow())
    // Glyphs the WebGL atlas drew before Tessera Symbols arrived are empty boxes: draw again.
    void symbolFontLoaded().then(() => {
      if (!this.disposed) this.term.clearTextureAtlas()
    })
  }

  private loadWebgl(): void {
    try {
      const addon = new WebglAddon()
      // The GPU process can drop contexts (driver reset, too many panes): fall back to the DOM.
      addon.onContextLoss(() => this.dropWebgl())
      this.term.loadAddon(addon)
      this.webgl = addon
    } catch {
      this.webgl = undefined
    }
  }

  private dropWebgl(): void {
    this.webgl?.dispose()
    this.webgl = undefined
    this.element.dataset.renderer = 'dom'
  }

  private scheduleFit(): void {
    clearTimeout(this.resizeTimer)
    this.resizeTimer = setTimeout(() => this.fitNow(), RESIZE_DEBOUNCE_MS)
  }

  /**
   * Tells the host how many cells the slot fits. The terminal itself resizes when the host
   * answers with the PTY's size (takePtySize), which other clients may hold smaller.
   */
  fitNow(): void {
    if (!this.opened || this.disposed || !this.element.isConnected) return
    if (this.element.clientWidth === 0 || this.element.clientHeight === 0) return
    const fits = this.fit.proposeDimensions()
    if (!fits) return
    const { cols, rows } = fits
    if (this.sentSize?.cols === cols && this.sentSize.rows === rows) return
    this.sentSize = { cols, rows }
    // What this window told the host it can show, for diagnostics and tests (the terminal's own size may be smaller).
    this.element.dataset.fits = `${cols}x${rows}`
    this.markLetterbox()
    this.client.call('pane.resize', { paneId: this.paneId, cols, rows }).catch((error: unknown) => this.report('Could not resize the pane', error))
  }

  /**
   * Draws the terminal at the PTY's size, so output made for that size lands without
   * wrapping leftovers. Queued behind what the terminal was handed already (the backlog,
   * earlier frames): that was made for the size before.
   */
  private takePtySize(cols: number, rows: number): void {
    if (this.disposed || (this.ptySize?.cols === cols && this.ptySize.rows === rows)) return
    this.ptySize = { cols, rows }
    this.term.write('', () => this.resizeTerminal(cols, rows))
  }

  private resizeTerminal(cols: number, rows: number): void {
    if (this.disposed || (this.term.cols === cols && this.term.rows === rows)) return
    const colsBefore = this.term.cols
    this.term.resize(cols, rows)
    if (cols !== colsBefore) this.respace()
    this.markLetterbox()
  }

  /** A PTY smaller than the slot (another client shows the pane smaller) leaves the rest of the slot shaded. */
  private markLetterbox(): void {
    const fits = this.sentSize
    const smaller = !!fits && (this.term.cols < fits.cols || this.term.rows < fits.rows)
    if (smaller) this.element.dataset.letterboxed = ''
    else delete this.element.dataset.letterboxed
  }

  /**
   * xterm.js 6's DOM renderer works its default letter-spacing out from the cell width when
   * an option changes, not when the column count (and with it the rounded cell width)
   * does. Left stale, every span it draws carries an inline letter-spacing of its own
   * (per-element styles the renderer otherwise keeps off plain text). Setting an option
   * again makes it work the spacing out anew (the theme: it listens to any option).
   */
  private respace(): void {
    // A copy: the option only counts as changed when it is another object.
    if (!this.webgl) this.term.options.theme = { ...terminalTheme(this.view.theme) }
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.term.cols, rows: this.term.rows }
  }

  /** A restarted process starts at the size the host remembers; make sure it is ours. */
  restarted(): void {
    this.sentSize = undefined
    this.fitNow()
  }

  focus(): void {
    this.term.focus()
  }

  applyView(view: ViewSettings): void {
    this.view = view
    this.term.options.theme = terminalTheme(view.theme)
    this.term.options.fontFamily = terminalFontFamily(view.fontFamily)
    this.term.options.fontSize = view.fontSize
    this.term.options.scrollback = view.scrollback
    this.fitNow()
    // Repaint highlights in the new theme's colours. Forgetting the cached term first makes
    // an incremental "previous" land on the current match, as the addon's own refresh does.
    if (this.query) {
      this.search.clearDecorations()
      this.find(this.query, 'previous', true)
    }
  }

  find(query: string, direction: 'next' | 'previous', incremental = false): boolean {
    this.query = query
    if (!query) {
      this.search.clearDecorations()
      return false
    }
    const options = { incremental, decorations: searchDecorations(this.view.theme) }
    return direction === 'next' ? this.search.findNext(query, options) : this.search.findPrevious(query, options)
  }

  onSearchResults(listener: (results: SearchResults) => void): () => void {
    const subscription = this.search.onDidChangeResults(listener)
    return () => subscription.dispose()
  }

  endSearch(): void {
    this.query = ''
    this.search.clearDecorations()
    this.term.clearSelection()
  }

  async copy(): Promise<void> {
    const text = this.term.getSelection()
    if (!text) return
    try {
      await navigator.clipboard.writeText(text)
    } catch (error) {
      this.hooks.onError(`Could not copy: ${errorText(error)}`)
    }
  }

  async paste(): Promise<void> {
    try {
      const text = await navigator.clipboard.readText()
      // paste() applies bracketed-paste mode, so agents see one paste, not typed keys.
      if (text) this.term.paste(text)
    } catch (error) {
      this.hooks.onError(`Could not paste: ${errorText(error)}`)
    }
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    clearTimeout(this.resizeTimer)
    cancelAnimationFrame(this.mountFrame)
    cancelAnimationFrame(this.releaseFrame)
    this.observer.disconnect()
    for (const cleanup of this.cleanups) cleanup()
    this.output.dispose()
    this.webgl = undefined
    this.term.dispose()
    this.element.remove()
  }
}
