import { notificationFor, type NotifyInput } from './notify-policy'

/**
 * Shows the policy's notifications with the Web Notifications API: browsers in
 * browser mode, Electron's native notifications in the desktop window. A click
 * brings the window forward and focuses the pane.
 */
export class Notifier {
  constructor(private readonly focusPane: (paneId: string) => void) {}

  get permission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
  }

  /** Asks once, from a user gesture (a toggle in the notification menu). */
  async requestPermission(): Promise<NotificationPermission | 'unsupported'> {
    if (typeof Notification === 'undefined') return 'unsupported'
    return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission
  }

  statusChanged(paneId: string, input: NotifyInput): void {
    const text = notificationFor(input)
    if (!text || this.permission !== 'granted') return
    // One notification per pane: a newer state replaces the older one.
    const notification = new Notification(text.title, { body: text.body, tag: paneId })
    notification.onclick = () => {
      window.focus()
      this.focusPane(paneId)
      notification.close()
    }
  }
}
