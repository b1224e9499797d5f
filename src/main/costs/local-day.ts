// The local calendar day (YYYY-MM-DD, the host's time zone) of a time, as ccusage groups by
// default. Every zone's offset is a whole number of minutes, so one UTC minute lies within one
// local day: the last minute's answer is reused (transcript lines come in time order).

let cachedMinute = NaN
let cachedDay = ''

export function localDay(timeMs: number): string {
  const minute = Math.floor(timeMs / 60_000)
  if (minute !== cachedMinute) {
    cachedMinute = minute
    cachedDay = formatDay(new Date(timeMs))
  }
  return cachedDay
}

export function formatDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0')
  const day = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}-${month}-${day}`
}

/** The local day `days` calendar days after (negative: before) `date`'s. */
export function shiftDay(date: Date, days: number): string {
  return formatDay(new Date(date.getFullYear(), date.getMonth(), date.getDate() + days))
}
