// Small stroke icons (16px, currentColor) so buttons follow the theme.

type IconProps = { size?: number }

function Svg({ size = 16, children }: IconProps & { children: React.ReactNode }): React.JSX.Element {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export const SplitRightIcon = (): React.JSX.Element => (
  <Svg>
    <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
    <path d="M8 2.5v11" />
  </Svg>
)

export const SplitDownIcon = (): React.JSX.Element => (
  <Svg>
    <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
    <path d="M2 8h12" />
  </Svg>
)

export const ZoomIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M9.5 2.5h4v4M6.5 13.5h-4v-4M13.5 2.5 9 7M2.5 13.5 7 9" />
  </Svg>
)

export const UnzoomIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M13.5 6.5h-4v-4M2.5 9.5h4v4M9.5 6.5l4-4M6.5 9.5l-4 4" />
  </Svg>
)

export const CloseIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Svg>
)

export const RestartIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M13 8a5 5 0 1 1-1.5-3.55" />
    <path d="M13 2.5v3h-3" />
  </Svg>
)

export const PlusIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M8 3v10M3 8h10" />
  </Svg>
)

export const SunIcon = (): React.JSX.Element => (
  <Svg>
    <circle cx="8" cy="8" r="2.8" />
    <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
  </Svg>
)

export const MoonIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z" />
  </Svg>
)

export const KeyboardIcon = (): React.JSX.Element => (
  <Svg>
    <rect x="1.5" y="4" width="13" height="8" rx="1.5" />
    <path d="M4 6.5h.01M6.5 6.5h.01M9 6.5h.01M11.5 6.5h.01M5 9.5h6" />
  </Svg>
)

export const ChevronUpIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M4 10l4-4 4 4" />
  </Svg>
)

export const ChevronDownIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M4 6l4 4 4-4" />
  </Svg>
)

export const TerminalIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M3 4.5l3 3-3 3M8 11.5h5" />
  </Svg>
)

export const GearIcon = (): React.JSX.Element => (
  <Svg>
    <circle cx="8" cy="8" r="2.2" />
    <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  </Svg>
)

export const WarningIcon = (): React.JSX.Element => (
  <Svg>
    <path d="M8 2 1.8 13.2h12.4Z" />
    <path d="M8 6.5v3.2M8 11.6v.1" />
  </Svg>
)

export const BellIcon = ({ off = false }: { off?: boolean }): React.JSX.Element => (
  <Svg>
    <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1 1H3Z" />
    <path d="M6.5 14h3" />
    {off && <path d="M2 2l12 12" />}
  </Svg>
)

export const CoinIcon = (): React.JSX.Element => (
  <Svg>
    <circle cx="8" cy="8" r="5.5" />
    <path d="M9.8 6.2c-.3-.6-1-1-1.8-1-1 0-1.8.6-1.8 1.4 0 1.9 3.7 1 3.7 2.9 0 .8-.8 1.4-1.9 1.4-.8 0-1.5-.4-1.8-1M8 4.2v7.6" />
  </Svg>
)
