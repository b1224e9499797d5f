// Whether a pane should draw with the WebGL addon. Software WebGL (SwiftShader,
// llvmpipe: what headless browsers, VMs and GPU-less boxes get) is slower than
// xterm's DOM renderer, so it counts as "no WebGL" and panes use the DOM instead.

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i

let cached: boolean | undefined

function probe(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2')
    if (!gl) return false
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    return !SOFTWARE_RENDERER.test(renderer)
  } catch {
    return false
  }
}

export function hardwareWebglAvailable(): boolean {
  cached ??= probe()
  return cached
}
