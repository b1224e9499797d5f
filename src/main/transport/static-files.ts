import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** The same policy the desktop window's HTML carries, sent as a header too. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // The page URL carries the token: never leak it to another origin.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store'
}

/** Serves the built renderer; anything outside its folder is a 404. */
export async function serveStatic(rootDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, SECURITY_HEADERS).end()
    return
  }
  const pathname = decodePath(req.url)
  if (pathname === undefined) {
    res.writeHead(400, SECURITY_HEADERS).end()
    return
  }
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1)
  const file = normalize(join(rootDir, relative))
  if (!file.startsWith(rootDir + sep)) {
    res.writeHead(404, SECURITY_HEADERS).end()
    return
  }
  try {
    const body = await readFile(file)
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type })
    res.end(req.method === 'HEAD' ? undefined : body)
  } catch {
    res.writeHead(404, SECURITY_HEADERS).end('Not found')
  }
}

function decodePath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname)
  } catch {
    return undefined
  }
}
