// The label over a restored pane's saved screen, in the user's local time.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export const RESTORED_DETAIL = 'The screen saved before Tessera stopped. The program is starting again.'

const twoDigits = (value: number): string => String(value).padStart(2, '0')

/** "Restored from 14:05" today, "Restored from 3 Dec 14:05" another day, with the year when it is not this one. */
export function restoredText(savedAt: string, now: number): string {
  const saved = new Date(savedAt)
  if (Number.isNaN(saved.getTime())) return 'Restored'
  const today = new Date(now)
  const time = `${twoDigits(saved.getHours())}:${twoDigits(saved.getMinutes())}`
  if (saved.toDateString() === today.toDateString()) return `Restored from ${time}`
  const year = saved.getFullYear() === today.getFullYear() ? '' : ` ${saved.getFullYear()}`
  return `Restored from ${saved.getDate()} ${MONTHS[saved.getMonth()]}${year} ${time}`
}
