export { expandHome, folderFromInput, folderProblem } from './folder-check'
export { completeFolder, MAX_COMPLETIONS } from './complete-folder'
export { WorkspaceFolders, MAX_RECENT } from './workspace-folders'
