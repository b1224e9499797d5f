import { secretMatches } from '../host'

/** Why a request's Authorization header does not carry the token, or undefined when it does. */
export function bearerProblem(authorization: string | undefined, token: string): string | undefined {
  const where = 'the token is in mcp.json in the Tessera data dir'
  if (!authorization) return `Unauthorized: no bearer token. Send "Authorization: Bearer <token>" (${where}).`
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]
  if (presented === undefined) return `Unauthorized: the Authorization header must be "Bearer <token>" (${where}).`
  return secretMatches(token, presented) ? undefined : `Unauthorized: wrong bearer token (${where}).`
}
