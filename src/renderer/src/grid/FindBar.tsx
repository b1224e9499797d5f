import { useEffect, useRef, useState } from 'react'
import { ChevronDownIcon, ChevronUpIcon, CloseIcon } from '../components/Icons'
import { useAppState, useWorkbench } from '../state/context'
import type { SearchResults } from '../terminal/controller'
import { IconButton } from './IconButton'

function countLabel(query: string, results: SearchResults | null): string {
  if (!query || !results) return ''
  if (results.resultCount === 0) return 'No results'
  // The addon reports index -1 when there are more matches than it highlights.
  return results.resultIndex < 0 ? `${results.resultCount}+ matches` : `${results.resultIndex + 1} of ${results.resultCount}`
}

/** Searches one pane's scrollback: Enter next, Shift+Enter previous, Esc closes. */
export function FindBar({ paneId }: { paneId: string }): React.JSX.Element {
  const workbench = useWorkbench()
  const request = useAppState((s) => s.findRequest)
  const inputRef = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<SearchResults | null>(null)

  useEffect(() => workbench.registry.get(paneId).onSearchResults(setResults), [paneId, workbench])

  // Every "find" (key or button) puts the keyboard here, even when the bar is already open.
  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [request])

  const find = (direction: 'next' | 'previous', text = query, incremental = false): void => {
    const found = workbench.registry.get(paneId).find(text, direction, incremental)
    if (!found && text) setResults({ resultIndex: -1, resultCount: 0 })
  }

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      workbench.closeFind()
    } else if (event.key === 'Enter') {
      event.preventDefault()
      find(event.shiftKey ? 'previous' : 'next')
    }
  }

  return (
    <div className="find-bar" role="search" aria-label="Find in pane">
      <input
        ref={inputRef}
        className="find-input"
        aria-label="Find"
        placeholder="Find"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          find('next', event.target.value, true)
        }}
        onKeyDown={onKeyDown}
      />
      <span className="find-count" aria-live="polite">
        {countLabel(query, results)}
      </span>
      <IconButton label="Previous match" onClick={() => find('previous')}>
        <ChevronUpIcon />
      </IconButton>
      <IconButton label="Next match" onClick={() => find('next')}>
        <ChevronDownIcon />
      </IconButton>
      <IconButton label="Close find bar" onClick={() => workbench.closeFind()}>
        <CloseIcon />
      </IconButton>
    </div>
  )
}
