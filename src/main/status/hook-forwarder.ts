import { HOOK_SECRET_ENV, HOOK_SECRET_HEADER } from './hook-receiver'

// A command hook's program: reads the payload on stdin and POSTs it to the receiver.
// It runs under the host's own runtime (node, or Electron as node), so no curl is needed.
const FORWARDER_SOURCE = [
  'let body="";',
  'process.stdin.on("data",(c)=>{body+=c}).on("end",()=>{',
  'const req=require("http").request(process.argv[1],{method:"POST",timeout:3000,',
  `headers:{"content-type":"application/json","${HOOK_SECRET_HEADER}":process.env.${HOOK_SECRET_ENV}||""}},(res)=>res.resume());`,
  'req.on("error",()=>{});req.on("timeout",()=>req.destroy());req.end(body)})'
].join('')

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

/** The /bin/sh command line that forwards a hook payload to `url`; never fails the hook. */
export function forwardCommand(url: string, runtime: string = process.execPath): string {
  return `ELECTRON_RUN_AS_NODE=1 ${shellQuote(runtime)} -e ${shellQuote(FORWARDER_SOURCE)} ${shellQuote(url)} || true`
}
