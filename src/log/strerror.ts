// The text of Perl's $! for a Node error: glibc's strerror(3) wording, which
// SEC prints in its log messages. Node's own texts (libuv's) are lower case
// and differ for some codes ("illegal operation on a directory" for EISDIR),
// so the codes SEC's messages can meet are spelled out here.
import util from 'node:util';

/** strerror(3) texts (glibc), which SEC's $! prints. */
export const ERRNO_TEXT: Record<string, string> = {
  EPIPE: 'Broken pipe',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EAGAIN: 'Resource temporarily unavailable',
  EWOULDBLOCK: 'Resource temporarily unavailable',
  EMSGSIZE: 'Message too long',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOTCONN: 'Transport endpoint is not connected',
  ENOBUFS: 'No buffer space available',
  EPERM: 'Operation not permitted',
  ECONNABORTED: 'Software caused connection abort',
  EINVAL: 'Invalid argument',
  ENOTSOCK: 'Socket operation on non-socket',
  EPROTOTYPE: 'Protocol wrong type for socket',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  ENOTDIR: 'Not a directory',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EHOSTDOWN: 'Host is down',
  ENETDOWN: 'Network is down',
  ENETRESET: 'Network dropped connection on reset',
  ESHUTDOWN: 'Cannot send after transport endpoint shutdown',
  EDESTADDRREQ: 'Destination address required',
  EISCONN: 'Transport endpoint is already connected',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  ENOMEM: 'Cannot allocate memory',
  EBADF: 'Bad file descriptor',
  EALREADY: 'Operation already in progress',
  ENXIO: 'No such device or address',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EFBIG: 'File too large',
  EIO: 'Input/output error',
  ESPIPE: 'Illegal seek',
  ETXTBSY: 'Text file busy',
  EXDEV: 'Invalid cross-device link',
  ENOTEMPTY: 'Directory not empty',
  EMLINK: 'Too many links',
  ENOEXEC: 'Exec format error',
  E2BIG: 'Argument list too long',
  ECHILD: 'No child processes',
  ESRCH: 'No such process',
  EINTR: 'Interrupted system call',
  ENODEV: 'No such device',
  ENOTSUP: 'Operation not supported',
  ENOSYS: 'Function not implemented',
  ERANGE: 'Numerical result out of range',
  EDQUOT: 'Disk quota exceeded',
  // Node's own codes for writing to a socket that is already gone
  ERR_STREAM_DESTROYED: 'Broken pipe',
  ERR_STREAM_WRITE_AFTER_END: 'Broken pipe',
  ERR_SOCKET_DGRAM_NOT_RUNNING: 'Bad file descriptor',
};

/** gai_strerror(3) texts for getaddrinfo failures (Node calls EAI_NONAME ENOTFOUND). */
export const GAI_TEXT: Record<string, string> = {
  ENOTFOUND: 'Name or service not known',
  EAI_NONAME: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
  EAI_NODATA: 'No address associated with hostname',
  EAI_SERVICE: 'Servname not supported for ai_socktype',
  EAI_FAMILY: 'ai_family not supported',
  EAI_ADDRFAMILY: 'Address family for hostname not supported',
  EAI_MEMORY: 'Memory allocation failure',
  EAI_BADFLAGS: 'Bad value for ai_flags',
  EAI_SYSTEM: 'System error',
};

export type SysError = Error & { code?: unknown; errno?: unknown; syscall?: unknown };

/** The error code of a Node error or of a negative errno number. */
export function errorCode(err: SysError): string {
  if (typeof err.code === 'string') return err.code;
  const errno = typeof err.errno === 'number' ? err.errno : typeof err.code === 'number' ? err.code : null;
  if (errno !== null && errno < 0) {
    try {
      return util.getSystemErrorName(errno);
    } catch {
      return '';
    }
  }
  return '';
}

/** What SEC's "$!" would say for this error. */
export function errnoText(e: unknown): string {
  const err = (e ?? {}) as SysError;
  const code = errorCode(err);
  const text = ERRNO_TEXT[code] ?? GAI_TEXT[code];
  if (text !== undefined) return text;
  if (typeof err.errno === 'number' && err.errno < 0) {
    const entry = util.getSystemErrorMap().get(err.errno);
    if (entry) return entry[1].charAt(0).toUpperCase() + entry[1].slice(1);
  }
  return String(err.message ?? e);
}
