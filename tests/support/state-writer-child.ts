import { createLogger } from '../../src/main/log'
import { StateStore } from '../../src/main/persistence'
import { bigDocument, bigDocumentValue } from './state-documents'

// Run by tests/unit/state-store-kill.test.ts and SIGKILLed at random moments: opens the
// store on argv[2] (taking over the dead predecessor's lock) and writes large documents
// for ever, alternating the debounced path and the synchronous flush.

async function main(dataDir: string): Promise<void> {
  const store = StateStore.open(dataDir, createLogger('writer', () => undefined))
  const document = store.document(bigDocument)
  let seq = document.get().seq + 1
  // One whole document on disk before the test may kill us: from then on there is always one to read.
  document.set(bigDocumentValue(seq))
  document.flushSync()
  process.stdout.write('ready\n')
  for (;;) {
    seq += 1
    document.set(bigDocumentValue(seq))
    if (seq % 2 === 0) document.flushSync()
    else await document.flush()
  }
}

void main(process.argv[2] ?? '')
