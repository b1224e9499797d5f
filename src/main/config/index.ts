export { resolveConfig, explainConfig, type ConfigLayers, type ResolvedConfig } from './merge'
export { BUILTIN_PRESETS, buildCatalog, checkPreset, isBuiltinPreset, type PresetCatalog } from './presets'
export { SettingsStore, type SettingsData, type SettingsProblem } from './settings-store'
export { ConfigService, type PaneConfig, type PaneConfigRequest } from './config-service'
