import { BrowserWindow, dialog } from 'electron'

/** The native folder dialog, over the focused window; undefined when the user cancels. */
export async function chooseFolder(): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = { title: 'Choose a folder', properties: ['openDirectory', 'createDirectory'] }
  const window = BrowserWindow.getFocusedWindow()
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  return result.canceled ? undefined : result.filePaths[0]
}
