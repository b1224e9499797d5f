/**
 * Chromium features the desktop shell turns off (`--disable-features` names).
 *
 * DeferRendererTasksAfterInput: after a key press, Chromium holds every task except input
 * and rendering (IPC and WebSocket messages among them) until the next frame is drawn.
 * A terminal's echo is such a message, so every keystroke's echo waited for that frame
 * and was drawn a frame later. Measured in Chromium: a 3 ms round trip started from a
 * keydown was handled 4.5–21 ms after the key with the feature on, 3.6–7.6 ms with it off.
 */
export const DISABLED_CHROMIUM_FEATURES: readonly string[] = ['DeferRendererTasksAfterInput']
