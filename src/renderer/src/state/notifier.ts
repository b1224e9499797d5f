import { budgetNotificationFor, notificationFor, type BudgetNotifyInput, type NotificationText, type NotifyInput } from './notify-policy'

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
    // One notification per pane: a newer state replaces the older one.
    this.show(notificationFor(input), paneId, paneId)
  }

  /** A pane's budget (paneId) or the daily one crossed. */
  budgetCrossed(input: BudgetNotifyInput, paneId: string | undefined): void {
    this.show(budgetNotificationFor(input), `budget:${paneId ?? 'daily'}`, paneId)
  }

  private show(text: NotificationText | undefined, tag: string, paneId: string | undefined): void {
    if (!text || this.permission !== 'granted') return
    const notification = new Notification(text.title, { body: text.body, tag })
    notification.onclick = () => {
      window.focus()
      if (paneId) this.focusPane(paneId)
      notification.close()
    }
  }
}
