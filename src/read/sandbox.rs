//! What a reading worker gives up before it touches a byte of a return.
//!
//! Everywhere: an address space of `WORKER_MEMORY`, no core files, no file it may grow
//! (`RLIMIT_FSIZE` 0) and no descriptor it may open beyond the three it has
//! (`RLIMIT_NOFILE` 3). On Linux also: Landlock (crate `landlock`) with every file-system
//! and network access handled and none granted, best effort for the running kernel, and a
//! seccomp filter (crate `seccompiler`) that answers "permission denied" to every system
//! call a parser never needs — opening or creating files, sockets, starting programs or
//! processes, signalling others, changing the file system. The filter is applied last, so a
//! kernel without Landlock still gets it; both set `no_new_privs`.
//!
//! [`probe`] shows what the sandbox allows: `digiaste __read-worker --probe` tries each
//! forbidden thing once and prints what happened (tests/cli/sandbox.rs reads it).

/// Address space a worker may use: the ceiling on what one return may cost.
pub const WORKER_MEMORY: u64 = 256 << 20;
/// Processor seconds a worker may use on one file.
pub const WORKER_SECONDS: u64 = 10;

/// How much of the sandbox the running system enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enforced {
    /// Resource limits only (not Linux, or neither Landlock nor seccomp available).
    LimitsOnly,
    /// Limits and the seccomp filter; Landlock as far as the kernel has it (`landlock`).
    Filtered {
        /// Landlock is enforced (fully or partly).
        landlock: bool,
    },
}

fn set_limit(resource: ResourceKind, soft: u64, hard: u64) {
    let lim = libc::rlimit { rlim_cur: soft as libc::rlim_t, rlim_max: hard as libc::rlim_t };
    // SAFETY: setrlimit only reads the struct passed; lowering one's limits is always allowed.
    unsafe { libc::setrlimit(resource, &lim) };
}

#[cfg(target_os = "linux")]
type ResourceKind = libc::__rlimit_resource_t;
#[cfg(not(target_os = "linux"))]
type ResourceKind = libc::c_int;

/// Processor time used by this process so far, in whole seconds (rounded up).
fn cpu_seconds() -> u64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let secs = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec;
    secs.max(0) as u64 + 1
}

/// The largest resident size this process has had, in bytes.
pub(super) fn peak_resident() -> u64 {
    // SAFETY: as in `cpu_seconds`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let kb = usage.ru_maxrss.max(0) as u64;
    if cfg!(target_os = "macos") { kb } else { kb << 10 }
}

/// Before each file: `WORKER_SECONDS` more of processor time, then SIGXCPU ends the worker.
pub(super) fn allow_cpu_for_one_file() {
    // SAFETY: getrlimit writes into the zeroed struct it is given.
    let mut now: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: a valid resource and pointer.
    unsafe { libc::getrlimit(libc::RLIMIT_CPU, &mut now) };
    let hard = now.rlim_max as u64;
    set_limit(libc::RLIMIT_CPU, (cpu_seconds() + WORKER_SECONDS).min(hard), hard);
}

/// Gives up everything a parser never needs. Called once, before the first request is read.
pub fn enter() -> Enforced {
    set_limit(libc::RLIMIT_AS, WORKER_MEMORY, WORKER_MEMORY);
    set_limit(libc::RLIMIT_CORE, 0, 0);
    set_limit(libc::RLIMIT_FSIZE, 0, 0);
    set_limit(libc::RLIMIT_NOFILE, 3, 3);
    allow_cpu_for_one_file();
    linux::enter()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::BTreeMap;

    use landlock::{ABI, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetStatus, Scope};
    use seccompiler::{BpfProgram, SeccompAction, SeccompFilter};

    use super::Enforced;

    /// The worker dies with its parent, whatever ends the parent.
    fn die_with_parent() {
        // SAFETY: PR_SET_PDEATHSIG takes a signal number and nothing else.
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) };
    }

    /// Landlock: every access right of the newest ABI handled, none granted.
    fn landlock() -> bool {
        let abi = ABI::V6;
        let ruleset = Ruleset::default()
            .handle_access(AccessFs::from_all(abi))
            .and_then(|r| r.handle_access(AccessNet::from_all(abi)))
            .and_then(|r| r.scope(Scope::AbstractUnixSocket | Scope::Signal))
            .and_then(|r| r.create())
            .and_then(|r| r.restrict_self());
        matches!(
            ruleset.map(|s| s.ruleset),
            Ok(RulesetStatus::FullyEnforced | RulesetStatus::PartiallyEnforced)
        )
    }

    /// The system calls a parser never makes; each answers EACCES.
    fn denied() -> Vec<i64> {
        let mut calls = vec![
            libc::SYS_openat,
            libc::SYS_openat2,
            libc::SYS_open_by_handle_at,
            libc::SYS_name_to_handle_at,
            libc::SYS_socket,
            libc::SYS_socketpair,
            libc::SYS_connect,
            libc::SYS_bind,
            libc::SYS_listen,
            libc::SYS_accept,
            libc::SYS_accept4,
            libc::SYS_sendto,
            libc::SYS_sendmsg,
            libc::SYS_sendmmsg,
            libc::SYS_execve,
            libc::SYS_execveat,
            libc::SYS_clone,
            libc::SYS_clone3,
            libc::SYS_kill,
            libc::SYS_tkill,
            libc::SYS_ptrace,
            libc::SYS_process_vm_writev,
            libc::SYS_process_vm_readv,
            libc::SYS_unlinkat,
            libc::SYS_renameat,
            libc::SYS_renameat2,
            libc::SYS_mkdirat,
            libc::SYS_mknodat,
            libc::SYS_linkat,
            libc::SYS_symlinkat,
            libc::SYS_fchmodat,
            libc::SYS_fchownat,
            libc::SYS_truncate,
            libc::SYS_mount,
            libc::SYS_umount2,
            libc::SYS_chroot,
            libc::SYS_pivot_root,
            libc::SYS_memfd_create,
            libc::SYS_io_uring_setup,
            libc::SYS_bpf,
            libc::SYS_setuid,
            libc::SYS_setgid,
        ];
        #[cfg(target_arch = "x86_64")]
        calls.extend([
            libc::SYS_open,
            libc::SYS_creat,
            libc::SYS_fork,
            libc::SYS_vfork,
            libc::SYS_unlink,
            libc::SYS_rename,
            libc::SYS_mkdir,
            libc::SYS_rmdir,
            libc::SYS_link,
            libc::SYS_symlink,
            libc::SYS_chmod,
            libc::SYS_chown,
            libc::SYS_mknod,
        ]);
        calls
    }

    fn seccomp() -> bool {
        let Ok(arch) = std::env::consts::ARCH.try_into() else { return false };
        let rules: BTreeMap<i64, Vec<seccompiler::SeccompRule>> =
            denied().into_iter().map(|call| (call, Vec::new())).collect();
        let filter = SeccompFilter::new(
            rules,
            SeccompAction::Allow,
            SeccompAction::Errno(libc::EACCES as u32),
            arch,
        );
        let program: Result<BpfProgram, _> = match filter {
            Ok(f) => f.try_into(),
            Err(_) => return false,
        };
        program.is_ok_and(|p| seccompiler::apply_filter(&p).is_ok())
    }

    pub(super) fn enter() -> Enforced {
        die_with_parent();
        let landlock = landlock();
        if seccomp() { Enforced::Filtered { landlock } } else { Enforced::LimitsOnly }
    }
}

#[cfg(not(target_os = "linux"))]
mod linux {
    pub(super) fn enter() -> super::Enforced {
        super::Enforced::LimitsOnly
    }
}

/// Tries, inside the sandbox, each thing a parser must not do, and tells what happened:
/// one line per attempt, `NAME: denied` or `NAME: ALLOWED`, after a line naming what the
/// system enforces.
pub fn probe() -> String {
    let enforced = enter();
    let mut out = format!("sandbox: {enforced:?}\n");
    let mut line = |name: &str, allowed: bool| {
        out.push_str(&format!("{name}: {}\n", if allowed { "ALLOWED" } else { "denied" }));
    };
    line("open for reading", std::fs::File::open("/proc/self/status").is_ok());
    let tmp = std::env::temp_dir().join(format!("digiaste-probe-{}", std::process::id()));
    let created = std::fs::File::create(&tmp).is_ok();
    if created {
        let _ = std::fs::remove_file(&tmp);
    }
    line("create a file", created);
    line("connect a socket", std::net::TcpStream::connect("127.0.0.1:9").is_ok());
    line("bind a socket", std::net::TcpListener::bind("127.0.0.1:0").is_ok());
    line("start a program", std::process::Command::new("/bin/true").status().is_ok());
    line("start a thread", std::thread::Builder::new().spawn(|| ()).is_ok());
    let big = std::panic::catch_unwind(|| {
        let mut v: Vec<u8> = Vec::new();
        v.try_reserve_exact((WORKER_MEMORY * 2) as usize).is_ok()
    });
    line("allocate twice the memory limit", big.unwrap_or(false));
    out
}
