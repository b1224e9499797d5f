import { html } from 'diff2html'
import { ColorSchemeType, type OutputFormatType } from 'diff2html/lib-esm/types'
import 'diff2html/bundles/css/diff2html.min.css'
import { useMemo } from 'react'
import type { ThemeName } from '../state/settings'

interface Props {
  diff: string
  layout: OutputFormatType
  theme: ThemeName
}

/**
 * A unified diff drawn by diff2html, side by side or inline, in the app's theme. Loaded
 * only when a changes view opens. diff2html escapes the file contents it draws.
 */
export default function DiffView({ diff, layout, theme }: Props): React.JSX.Element {
  const markup = useMemo(
    () =>
      html(diff, {
        outputFormat: layout,
        drawFileList: false,
        matching: 'lines',
        colorScheme: theme === 'dark' ? ColorSchemeType.DARK : ColorSchemeType.LIGHT
      }),
    [diff, layout, theme]
  )
  return <div className="task-diff" data-layout={layout} dangerouslySetInnerHTML={{ __html: markup }} />
}
