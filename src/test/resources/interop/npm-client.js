// An npm `gearman` 2.1.0 client for the interop tests; prints one line per event.
// usage: node npm-client.js HOST PORT call FUNC PAYLOAD [exceptions]
//          prints "STATUS n d" per WORK_STATUS, then "RESULT <text>", "FAIL", "MALFORMED_FAIL <body>" or
//          "EXCEPTION <text>"
//        node npm-client.js HOST PORT bg FUNC PAYLOAD UNIQUE      prints "HANDLE <handle>"
//        node npm-client.js HOST PORT status HANDLE               prints "STATUS known running n d"
//        node npm-client.js HOST PORT many FUNC N                 N pipelined jobs with payloads job-0..job-N-1;
//          prints "DONE completed=C failed=F wrong=W"
// NODE_PATH must reach the installed `gearman` module. Exits after 120 s at most.
'use strict'
const net = require('net')
// The library leaves Nagle's algorithm on and does not expose its socket: every job then writes two small packets
// (the result, then the next GRAB_JOB or SUBMIT_JOB) and waits ~40 ms for a delayed ACK between them (20 jobs/s).
// Production users of this library need the same patch.
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) { this.setNoDelay(true); return connect.apply(this, args) }
const gearman = require('gearman')

const [host, port, cmd, ...args] = process.argv.slice(2)
setTimeout(() => { console.log('TIMEOUT'); process.exit(3) }, 120000).unref()

const client = gearman(host, Number(port))
client.on('error', (e) => { console.log('ERROR ' + e.message); process.exit(1) })
client.on('ERROR', (code, text) => console.log('SERVER_ERROR ' + code + ' ' + text))
const end = () => { client.close(); setImmediate(() => process.exit(0)) }

client.connect(() => {
  if (cmd === 'call') {
    const [func, payload, exceptions] = args
    if (exceptions) client.setOption('exceptions')
    let created = null
    client.on('JOB_CREATED', (handle) => { created = handle })
    client.on('WORK_STATUS', (s) => console.log('STATUS ' + s.percent_num + ' ' + s.percent_den))
    client.on('WORK_COMPLETE', (j) => { console.log('RESULT ' + j.payload.toString()); end() })
    // the library takes the whole body of WORK_FAIL as the handle: a body that is not exactly our handle is malformed
    client.on('WORK_FAIL', (j) => {
      console.log(j.handle === created ? 'FAIL' : 'MALFORMED_FAIL ' + JSON.stringify(j.handle))
      end()
    })
    client.on('WORK_EXCEPTION', (j) => { console.log('EXCEPTION ' + j.exception); end() })
    client.submitJob(func, payload)
  } else if (cmd === 'bg') {
    const [func, payload, unique] = args
    client.on('JOB_CREATED', (handle) => { console.log('HANDLE ' + handle); end() })
    client.submitJob(func, payload, { background: true, unique_id: unique })
  } else if (cmd === 'status') {
    client.on('STATUS_RES', (s) => {
      // the library reads the denominator as one byte (format 'ssss8'): that byte is its first digit's character
      const den = typeof s.percent_done_den === 'number' ? String.fromCharCode(s.percent_done_den) : s.percent_done_den
      console.log('STATUS ' + s.known + ' ' + s.running + ' ' + s.percent_done_num + ' ' + den)
      end()
    })
    client.getJobStatus(args[0])
  } else if (cmd === 'many') {
    const func = args[0]
    const n = Number(args[1])
    const pending = []           // payloads waiting for their JOB_CREATED, in submit order
    const byHandle = new Map()
    let completed = 0, failed = 0, wrong = 0
    const check = () => {
      if (completed + failed === n) {
        console.log('DONE completed=' + completed + ' failed=' + failed + ' wrong=' + wrong)
        end()
      }
    }
    client.on('JOB_CREATED', (handle) => byHandle.set(handle, pending.shift()))
    client.on('WORK_COMPLETE', (j) => {
      completed++
      if (j.payload.toString() !== byHandle.get(j.handle)) wrong++
      check()
    })
    client.on('WORK_FAIL', () => { failed++; check() })
    for (let i = 0; i < n; i++) {
      pending.push('job-' + i)
      client.submitJob(func, 'job-' + i)
    }
  } else {
    console.log('unknown command ' + cmd)
    process.exit(2)
  }
})
