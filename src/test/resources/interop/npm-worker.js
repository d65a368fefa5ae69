// An npm `gearman` 2.1.0 worker for the interop tests (one connection, one job at a time).
// usage: node npm-worker.js HOST PORT PREFIX   (NODE_PATH must reach the installed `gearman` module)
// Registers PREFIX.echo (result = payload), PREFIX.progress (payload N: WORK_STATUS 1/N .. N/N, result "done N"),
// PREFIX.hold (payload = a file path: WORK_STATUS 1/2, waits up to 30 s for that file, WORK_STATUS 2/2, result
// "released"), PREFIX.fail (WORK_FAIL) and PREFIX.throw (WORK_EXCEPTION "npm job threw").
// Prints "READY" once registered and "DONE <handle>" / "FAILED <handle>" after each job. Exits after 300 s at most.
'use strict'
const fs = require('fs')
const net = require('net')
// The library leaves Nagle's algorithm on and does not expose its socket: every job then writes two small packets
// (the result, then the next GRAB_JOB or SUBMIT_JOB) and waits ~40 ms for a delayed ACK between them (20 jobs/s).
// Production users of this library need the same patch.
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) { this.setNoDelay(true); return connect.apply(this, args) }
const gearman = require('gearman')

const [host, port, prefix] = process.argv.slice(2)
if (!prefix) { console.error('usage: npm-worker.js HOST PORT PREFIX'); process.exit(2) }
setTimeout(() => { console.log('TIMEOUT'); process.exit(3) }, 300000).unref()

const worker = gearman(host, Number(port))
const functions = ['echo', 'progress', 'hold', 'fail', 'throw']
let busy = false

function finish(handle, ok) {
  console.log((ok ? 'DONE ' : 'FAILED ') + handle)
  busy = false
  worker.grabJob()
}

worker.on('JOB_ASSIGN', (job) => {
  busy = true
  const name = job.func_name.substring(prefix.length + 1)
  const arg = job.payload.toString()
  if (name === 'echo') {
    worker.sendWorkComplete(job.handle, job.payload)
    finish(job.handle, true)
  } else if (name === 'progress') {
    const n = Number(arg)
    for (let i = 1; i <= n; i++) worker.sendWorkStatus(job.handle, String(i), String(n))
    worker.sendWorkComplete(job.handle, 'done ' + n)
    finish(job.handle, true)
  } else if (name === 'hold') {
    worker.sendWorkStatus(job.handle, '1', '2')
    const deadline = Date.now() + 30000
    const poll = setInterval(() => {
      if (fs.existsSync(arg) || Date.now() > deadline) {
        clearInterval(poll)
        worker.sendWorkStatus(job.handle, '2', '2')
        worker.sendWorkComplete(job.handle, 'released')
        finish(job.handle, true)
      }
    }, 10)
  } else if (name === 'fail') {
    worker.sendWorkFail(job.handle)
    finish(job.handle, false)
  } else {
    worker.sendWorkException(job.handle, 'npm job threw')
    finish(job.handle, false)
  }
})
// NOOP wakes a sleeping worker; NO_JOB sends it back to sleep. gearmand 1.1.20 sometimes sends no NOOP for jobs that
// arrive while the worker goes to sleep (seen with 1,000 pipelined submits), so a sleeping worker also re-polls
// every 250 ms, as libgearman and our worker do with their poll intervals.
let sleeping = false
worker.on('NOOP', () => { sleeping = false; if (!busy) worker.grabJob() })
worker.on('NO_JOB', () => { sleeping = true; worker.preSleep() })
setInterval(() => { if (sleeping && !busy) { sleeping = false; worker.grabJob() } }, 250).unref()
worker.on('error', (e) => { console.log('ERROR ' + e.message); process.exit(1) })
worker.on('close', () => process.exit(0))

worker.connect(() => {
  functions.forEach((f) => worker.addFunction(prefix + '.' + f))
  sleeping = true
  worker.preSleep()
  console.log('READY')
})
