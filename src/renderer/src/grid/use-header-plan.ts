import { useLayoutEffect, useMemo, useState } from 'react'
import { headerParts, type HeaderContent, type Measure } from './header-parts'
import { planHeader, type HeaderPlan } from './header-plan'

// Drives the header's plan from its width: a ResizeObserver on the header, and
// text widths from a canvas in the header's own font.

let context: CanvasRenderingContext2D | null | undefined
const cache = new Map<string, number>()

const measureText: Measure = (text, size) => {
  const key = `${size}\n${text}`
  const known = cache.get(key)
  if (known !== undefined) return known
  context ??= document.createElement('canvas').getContext('2d')
  if (!context) return text.length * size * 0.62
  context.font = `${size}px ${getComputedStyle(document.body).fontFamily}`
  // Rounded up: a plan that is a pixel generous never pushes a button out.
  const width = Math.ceil(context.measureText(text).width)
  cache.set(key, width)
  return width
}

export function useHeaderPlan(header: React.RefObject<HTMLElement | null>, content: HeaderContent): HeaderPlan {
  const [width, setWidth] = useState<number | null>(null)
  useLayoutEffect(() => {
    const element = header.current
    if (!element) return
    // A ResizeObserver reports the first size too, after layout and before paint.
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.borderBoxSize[0]?.inlineSize ?? entry.contentRect.width))
    observer.observe(element)
    return () => observer.disconnect()
  }, [header])
  const key = JSON.stringify(content)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is the content, by value
  const parts = useMemo(() => headerParts(content, measureText), [key])
  // Before the first report the widest plan stands; it never reaches the screen.
  return useMemo(() => planHeader(width ?? Number.POSITIVE_INFINITY, parts), [width, parts])
}
