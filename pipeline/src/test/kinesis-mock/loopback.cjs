// Preloaded with `node -r` so that kinesis-mock, which binds every interface, listens on 127.0.0.1 only.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  let opts;
  if (args[0] !== null && typeof args[0] === 'object' && !('_handle' in args[0]) && !('fd' in args[0])) {
    opts = { ...args[0], host: '127.0.0.1' };
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    opts = { port: Number(args[0]), host: '127.0.0.1' };
    if (typeof args[2] === 'number') opts.backlog = args[2];
  } else {
    return listen.apply(this, cb ? [...args, cb] : args); // a pipe path or a handle: not a TCP port
  }
  return cb ? listen.call(this, opts, cb) : listen.call(this, opts);
};
