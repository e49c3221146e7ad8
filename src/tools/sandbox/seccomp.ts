// The seccomp filter bwrap installs for sandboxed commands (`bwrap --seccomp FD` reads a
// compiled classic-BPF program, an array of 8-byte `struct sock_filter`, from FD). bwrap's
// `--unshare-net` only empties the network namespace: Unix sockets live in the filesystem, so
// without this filter a command could still connect() to /var/run/docker.sock or the user's
// D-Bus. The rules follow upstream Codex (codex-rs/linux-sandbox, seccomp.rs):
//
// - network off ("restricted"): whatever creates or reaches an endpoint fails with EPERM —
//   connect, accept, accept4, bind, listen, sendmmsg, recvmmsg, sendto with a destination
//   address, and socket() / socketpair() for every address family but AF_UNIX (so a process and
//   its children keep their local socketpairs). ptrace, process_vm_readv and process_vm_writev
//   fail too. Calls that only act on a socket the command already holds stay allowed: send/recv
//   (sendto without an address, recvfrom, sendmsg, recvmsg), shutdown, getsockopt, setsockopt,
//   getsockname and getpeername.
//   That last group is where we differ from upstream, which denies all but recvfrom/sendmsg/
//   recvmsg of it. Our commands' stdout and stderr are socketpairs (Node's child pipes), and
//   there the upstream set breaks ordinary tools: libuv asks getsockopt/getsockname what its
//   stdout is, so `node -e 'console.log(1)'` prints nothing; Node's execSync fails with EPERM
//   on shutdown (openai/codex#41175); send() breaks asyncio wakeups (#33793); Chromium aborts
//   on setsockopt (#47452). None of these can open a connection.
// - network on ("vm-sockets"): only AF_VSOCK sockets are refused (they reach host services
//   outside any namespace).
// - both: io_uring_setup/enter/register fail (io_uring can open sockets without socket()).
//
// Like upstream (seccompiler) the program first checks the architecture: a syscall made through
// another ABI (i386's `int 0x80` on x86_64 has other syscall numbers) kills the process instead of
// slipping past the number checks. x32 syscalls (x86_64 numbers with bit 30 set, same audit
// arch) are killed too; seccompiler leaves those to kernels built without x32.
//
// Written here by hand: it is small, and no npm package builds seccomp programs without native
// code.

export type NetworkSeccompMode = "restricted" | "vm-sockets";

export type SeccompArch = "x64" | "arm64";

type Syscall =
  | "socket"
  | "socketpair"
  | "connect"
  | "accept"
  | "accept4"
  | "bind"
  | "listen"
  | "sendto"
  | "sendmmsg"
  | "recvmmsg"
  | "ptrace"
  | "process_vm_readv"
  | "process_vm_writev"
  | "io_uring_setup"
  | "io_uring_enter"
  | "io_uring_register";

interface ArchSpec {
  /** AUDIT_ARCH_* value the kernel reports in seccomp_data.arch. */
  auditArch: number;
  /** Reject syscall numbers at or above this (x32's bit on x86_64). */
  numberLimit?: number;
  nr: Record<Syscall, number>;
}

// Syscall numbers: arch/x86/entry/syscalls/syscall_64.tbl and include/uapi/asm-generic/unistd.h.
const ARCHES: Record<SeccompArch, ArchSpec> = {
  x64: {
    auditArch: 0xc000003e,
    numberLimit: 0x40000000,
    nr: {
      socket: 41,
      connect: 42,
      accept: 43,
      sendto: 44,
      bind: 49,
      listen: 50,
      socketpair: 53,
      ptrace: 101,
      accept4: 288,
      recvmmsg: 299,
      sendmmsg: 307,
      process_vm_readv: 310,
      process_vm_writev: 311,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
    },
  },
  arm64: {
    auditArch: 0xc00000b7,
    nr: {
      ptrace: 117,
      socket: 198,
      socketpair: 199,
      bind: 200,
      listen: 201,
      accept: 202,
      connect: 203,
      sendto: 206,
      accept4: 242,
      recvmmsg: 243,
      sendmmsg: 269,
      process_vm_readv: 270,
      process_vm_writev: 271,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
    },
  },
};

export const AF_UNIX = 1;
export const AF_VSOCK = 40;
export const EPERM = 1;
export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_ERRNO = 0x00050000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;

// Classic BPF opcodes (linux/bpf_common.h) and struct seccomp_data offsets (little-endian).
export const BPF_LD_W_ABS = 0x20;
export const BPF_JMP_JEQ_K = 0x15;
export const BPF_JMP_JGE_K = 0x35;
export const BPF_RET_K = 0x06;
export const SECCOMP_DATA_NR = 0;
export const SECCOMP_DATA_ARCH = 4;
/** Low 32 bits of args[0] (the socket domain). */
export const SECCOMP_DATA_ARG0 = 16;
/** Low 32 bits of args[4] (sendto's destination address); the high ones follow. */
export const SECCOMP_DATA_ARG4_LOW = 16 + 4 * 8;

export interface BpfInstruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

/**
 * A rule denies `syscall` always, or when its first argument (the socket domain, compared as a
 * 32-bit value like upstream) is or is not `family`, or when its fifth argument (sendto's
 * destination address, a 64-bit pointer) is not NULL.
 */
type Rule =
  | { syscall: Syscall; when: "always" }
  | { syscall: Syscall; when: "domain-is" | "domain-is-not"; family: number }
  | { syscall: Syscall; when: "has-destination" };

const always = (...syscalls: Syscall[]): Rule[] => syscalls.map((syscall) => ({ syscall, when: "always" }));

function rulesFor(mode: NetworkSeccompMode): Rule[] {
  const ioUring = always("io_uring_setup", "io_uring_enter", "io_uring_register");
  if (mode === "vm-sockets") {
    return [
      ...ioUring,
      { syscall: "socket", when: "domain-is", family: AF_VSOCK },
      { syscall: "socketpair", when: "domain-is", family: AF_VSOCK },
    ];
  }
  return [
    ...always("ptrace", "process_vm_readv", "process_vm_writev"),
    ...ioUring,
    ...always("connect", "accept", "accept4", "bind", "listen", "sendmmsg", "recvmmsg"),
    { syscall: "sendto", when: "has-destination" },
    { syscall: "socket", when: "domain-is-not", family: AF_UNIX },
    { syscall: "socketpair", when: "domain-is-not", family: AF_UNIX },
  ];
}

const stmt = (code: number, k: number): BpfInstruction => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): BpfInstruction => ({ code, jt, jf, k });
const DENY = stmt(BPF_RET_K, SECCOMP_RET_ERRNO | EPERM);

/** The instructions of one conditional rule after `nr` matched, ending in DENY (skipped when the condition fails). */
function conditionTail(rule: Exclude<Rule, { when: "always" }>): BpfInstruction[] {
  switch (rule.when) {
    case "domain-is":
      return [stmt(BPF_LD_W_ABS, SECCOMP_DATA_ARG0), jump(BPF_JMP_JEQ_K, rule.family, 0, 1), DENY];
    case "domain-is-not":
      return [stmt(BPF_LD_W_ABS, SECCOMP_DATA_ARG0), jump(BPF_JMP_JEQ_K, rule.family, 1, 0), DENY];
    case "has-destination":
      // Low word non-zero: deny; else high word zero: skip the deny.
      return [
        stmt(BPF_LD_W_ABS, SECCOMP_DATA_ARG4_LOW),
        jump(BPF_JMP_JEQ_K, 0, 0, 2),
        stmt(BPF_LD_W_ABS, SECCOMP_DATA_ARG4_LOW + 4),
        jump(BPF_JMP_JEQ_K, 0, 1, 0),
        DENY,
      ];
  }
}

/** The filter as instructions (exported for tests, which run it on sample syscalls). */
export function networkSeccompInstructions(mode: NetworkSeccompMode, arch: SeccompArch): BpfInstruction[] {
  const spec = ARCHES[arch];
  const prog: BpfInstruction[] = [
    stmt(BPF_LD_W_ABS, SECCOMP_DATA_ARCH),
    jump(BPF_JMP_JEQ_K, spec.auditArch, 1, 0),
    stmt(BPF_RET_K, SECCOMP_RET_KILL_PROCESS),
    stmt(BPF_LD_W_ABS, SECCOMP_DATA_NR),
  ];
  if (spec.numberLimit !== undefined) {
    // Numbers past the limit are killed, except -1 (libseccomp does the same): it is no syscall
    // and the kernel answers ENOSYS.
    prog.push(
      jump(BPF_JMP_JGE_K, spec.numberLimit, 0, 2),
      jump(BPF_JMP_JEQ_K, 0xffffffff, 1, 0),
      stmt(BPF_RET_K, SECCOMP_RET_KILL_PROCESS),
    );
  }
  const rules = rulesFor(mode);
  for (const rule of rules)
    if (rule.when === "always") prog.push(jump(BPF_JMP_JEQ_K, spec.nr[rule.syscall], 0, 1), DENY);
  for (const rule of rules) {
    if (rule.when === "always") continue;
    const tail = conditionTail(rule);
    // Reload the number (a condition overwrote it), and skip the condition for other syscalls.
    prog.push(stmt(BPF_LD_W_ABS, SECCOMP_DATA_NR), jump(BPF_JMP_JEQ_K, spec.nr[rule.syscall], 0, tail.length), ...tail);
  }
  prog.push(stmt(BPF_RET_K, SECCOMP_RET_ALLOW));
  return prog;
}

/** `process.arch` as a filter architecture, or undefined where we have no syscall table. */
export function seccompArch(arch: string = process.arch): SeccompArch | undefined {
  return arch === "x64" || arch === "arm64" ? arch : undefined;
}

/**
 * The compiled program bwrap reads from its `--seccomp` fd, or undefined on an architecture
 * without a syscall table here.
 */
export function networkSeccompProgram(mode: NetworkSeccompMode, arch: string = process.arch): Buffer | undefined {
  const target = seccompArch(arch);
  if (!target) return undefined;
  const prog = networkSeccompInstructions(mode, target);
  const buf = Buffer.alloc(prog.length * 8);
  prog.forEach(({ code, jt, jf, k }, i) => {
    buf.writeUInt16LE(code, i * 8);
    buf.writeUInt8(jt, i * 8 + 2);
    buf.writeUInt8(jf, i * 8 + 3);
    buf.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return buf;
}
