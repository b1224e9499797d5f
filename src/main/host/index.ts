export { createHost, type Host, type HostOptions } from './create-host'
export { dataDirFrom, defaultDataDir, APP_NAME } from './paths'
export { loadOrCreateSecret, secretMatches } from './secret'
export { launchFolder } from './launch-folder'
