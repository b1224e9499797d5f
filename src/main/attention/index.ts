export { trayModel, trayBitmap, type TrayModel, type TrayIcon, type TrayItem } from './tray-model'
export { registerHotkeys, acceleratorProblem, DEFAULT_HOTKEYS, HotkeySettings, type HotkeyAction, type HotkeyProblem, type HotkeyRegistrar } from './hotkeys'
