// The seccomp program, checked two ways: run by a small classic-BPF interpreter on sample
// syscalls (every architecture and rule, here on any machine), and loaded by the real kernel
// through bwrap (bwrap.test.ts and test/security/sandbox.test.ts).
import { describe, expect, it } from "vitest";

import {
  AF_UNIX,
  AF_VSOCK,
  BPF_JMP_JEQ_K,
  BPF_JMP_JGE_K,
  BPF_LD_W_ABS,
  BPF_RET_K,
  EPERM,
  networkSeccompInstructions,
  networkSeccompProgram,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  type BpfInstruction,
  type NetworkSeccompMode,
  type SeccompArch,
} from "./seccomp.js";

const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7, i386: 0x40000003 };
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;

/** struct seccomp_data for one call, little-endian: nr, arch, ip, args[6]. */
function seccompData(nr: number, arch: number, args: bigint[] = []): Buffer {
  const buf = Buffer.alloc(64);
  buf.writeUInt32LE(nr >>> 0, 0);
  buf.writeUInt32LE(arch >>> 0, 4);
  args.forEach((a, i) => buf.writeBigUInt64LE(a, 16 + i * 8));
  return buf;
}

/** Runs the subset of classic BPF the filter uses; fails on anything else or a fall-through. */
function run(prog: BpfInstruction[], data: Buffer): number {
  let acc = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const { code, jt, jf, k } = prog[pc] as BpfInstruction;
    switch (code) {
      case BPF_LD_W_ABS:
        acc = data.readUInt32LE(k);
        break;
      case BPF_JMP_JEQ_K:
        pc += acc === k >>> 0 ? jt : jf;
        break;
      case BPF_JMP_JGE_K:
        pc += acc >= k >>> 0 ? jt : jf;
        break;
      case BPF_RET_K:
        return k >>> 0;
      default:
        throw new Error(`unexpected opcode ${code}`);
    }
  }
  throw new Error("program fell off its end");
}

const DENIED = (SECCOMP_RET_ERRNO | EPERM) >>> 0;
const ALLOWED = SECCOMP_RET_ALLOW;
const KILLED = SECCOMP_RET_KILL_PROCESS >>> 0;

// Syscall numbers per architecture (independent copies of the kernel tables, so a typo in the
// module does not check itself).
const NR: Record<SeccompArch, Record<string, number>> = {
  x64: {
    read: 0,
    write: 1,
    socket: 41,
    connect: 42,
    accept: 43,
    sendto: 44,
    recvfrom: 45,
    sendmsg: 46,
    recvmsg: 47,
    shutdown: 48,
    bind: 49,
    listen: 50,
    getsockname: 51,
    getpeername: 52,
    socketpair: 53,
    setsockopt: 54,
    getsockopt: 55,
    ptrace: 101,
    accept4: 288,
    recvmmsg: 299,
    sendmmsg: 307,
    process_vm_readv: 310,
    process_vm_writev: 311,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    kill: 62,
    execve: 59,
  },
  arm64: {
    read: 63,
    write: 64,
    socket: 198,
    socketpair: 199,
    bind: 200,
    listen: 201,
    accept: 202,
    connect: 203,
    getsockname: 204,
    getpeername: 205,
    sendto: 206,
    recvfrom: 207,
    setsockopt: 208,
    getsockopt: 209,
    shutdown: 210,
    sendmsg: 211,
    recvmsg: 212,
    ptrace: 117,
    accept4: 242,
    recvmmsg: 243,
    sendmmsg: 269,
    process_vm_readv: 270,
    process_vm_writev: 271,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    kill: 129,
    execve: 221,
  },
};

describe.each(["x64", "arm64"] as const)("network seccomp filter (%s)", (arch) => {
  const verdict = (mode: NetworkSeccompMode, name: string, args: bigint[] = []) =>
    run(networkSeccompInstructions(mode, arch), seccompData(NR[arch][name] as number, AUDIT_ARCH[arch], args));

  it.each([
    "connect",
    "accept",
    "accept4",
    "bind",
    "listen",
    "sendmmsg",
    "recvmmsg",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
  ])("restricted: %s fails with EPERM", (name) => expect(verdict("restricted", name)).toBe(DENIED));

  it("restricted: socket() and socketpair() only for AF_UNIX", () => {
    for (const name of ["socket", "socketpair"]) {
      expect(verdict("restricted", name, [BigInt(AF_UNIX), 1n])).toBe(ALLOWED);
      for (const family of [AF_INET, AF_INET6, AF_NETLINK, AF_VSOCK])
        expect(verdict("restricted", name, [BigInt(family), 1n]), `${name}(${family})`).toBe(DENIED);
    }
  });

  it("restricted: send() on a connected socket works; sendto() with an address does not", () => {
    expect(verdict("restricted", "sendto", [3n, 0x7fff0000n, 1n, 0n, 0n, 0n])).toBe(ALLOWED);
    expect(verdict("restricted", "sendto", [3n, 0x7fff0000n, 1n, 0n, 0x7ffd1000n, 16n])).toBe(DENIED);
    expect(
      verdict("restricted", "sendto", [3n, 0x7fff0000n, 1n, 0n, 0x1_0000_0000n, 16n]),
      "an address with only high bits set",
    ).toBe(DENIED);
  });

  it.each([
    "read",
    "write",
    "execve",
    "kill",
    "recvfrom",
    "sendmsg",
    "recvmsg",
    "shutdown",
    "getsockopt",
    "setsockopt",
    "getsockname",
    "getpeername",
  ])("restricted: %s (on a socket already held) is allowed", (name) => {
    expect(verdict("restricted", name)).toBe(ALLOWED);
  });

  it("vm-sockets (network on): only AF_VSOCK sockets and io_uring are refused", () => {
    for (const name of ["socket", "socketpair"]) {
      expect(verdict("vm-sockets", name, [BigInt(AF_VSOCK)])).toBe(DENIED);
      for (const family of [AF_UNIX, AF_INET, AF_INET6])
        expect(verdict("vm-sockets", name, [BigInt(family)])).toBe(ALLOWED);
    }
    for (const name of ["io_uring_setup", "io_uring_enter", "io_uring_register"])
      expect(verdict("vm-sockets", name)).toBe(DENIED);
    for (const name of ["connect", "bind", "listen", "sendto", "ptrace", "getsockopt"])
      expect(verdict("vm-sockets", name)).toBe(ALLOWED);
  });

  it("kills a syscall made through another architecture's ABI (e.g. i386's int 0x80 on x86_64)", () => {
    for (const mode of ["restricted", "vm-sockets"] as const) {
      const prog = networkSeccompInstructions(mode, arch);
      for (const other of Object.values(AUDIT_ARCH).filter((a) => a !== AUDIT_ARCH[arch])) {
        // i386's socketcall (102) and connect (362), and the native numbers, under a foreign arch.
        for (const nr of [102, 362, NR[arch].connect as number, NR[arch].read as number])
          expect(run(prog, seccompData(nr, other))).toBe(KILLED);
      }
    }
  });
});

describe("network seccomp filter: x86_64 specifics and encoding", () => {
  it("kills x32 syscalls (bit 30 set), but lets -1 through to ENOSYS", () => {
    const prog = networkSeccompInstructions("restricted", "x64");
    expect(run(prog, seccompData(0x40000000 + 42, AUDIT_ARCH.x64))).toBe(KILLED);
    expect(run(prog, seccompData(0x40000000 + 0, AUDIT_ARCH.x64))).toBe(KILLED);
    expect(run(prog, seccompData(0xffffffff, AUDIT_ARCH.x64))).toBe(ALLOWED);
  });

  it("encodes 8 bytes per instruction, little-endian, as bwrap reads it; none for other architectures", () => {
    const prog = networkSeccompInstructions("restricted", "x64");
    const buf = networkSeccompProgram("restricted", "x64") as Buffer;
    expect(buf.length).toBe(prog.length * 8);
    // First instruction: load the arch (BPF_LD|BPF_W|BPF_ABS, k = 4).
    expect([...buf.subarray(0, 8)]).toEqual([0x20, 0, 0, 0, 4, 0, 0, 0]);
    // Second: jeq AUDIT_ARCH_X86_64, jt 1, jf 0.
    expect([...buf.subarray(8, 16)]).toEqual([0x15, 0, 1, 0, 0x3e, 0, 0, 0xc0]);
    // Last: return ALLOW.
    expect([...buf.subarray(buf.length - 8)]).toEqual([0x06, 0, 0, 0, 0, 0, 0xff, 0x7f]);
    expect(prog.length).toBeLessThan(256); // jump offsets are one byte
    expect(networkSeccompProgram("restricted", "riscv64")).toBeUndefined();
    expect(networkSeccompProgram("restricted", "ia32")).toBeUndefined();
  });
});
