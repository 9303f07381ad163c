//! Every return is parsed in a worker process, never in the process that holds the round.
//!
//! Parsers trust sizes written in the file (a 66 KB xlsx can make calamine reserve 48 GB, and
//! an allocation failure aborts a process: it cannot be caught). So the binary keeps a small
//! pool of long-lived workers — the same executable run as `digiaste __read-worker`, one
//! per processor — each inside the sandbox of `sandbox.rs` (256 MB of address space,
//! 10 s of processor time per file, and on Linux no file, socket or program it may open).
//! The parent sends a file's bytes, the worker answers with a compact [`Book`] (`answer.rs`)
//! that the parent decodes with every length checked. A worker that crashes, runs out of
//! memory, overruns a limit or takes longer than `WORKER_WALL` for one file is killed and
//! replaced; the file is one `unreadable` answer with a plain reason, and the run goes on.
//!
//! The frames on the pipes: a request is `ext` (u8 length, bytes) and the file (u64
//! length, bytes); an answer is a byte saying whether the worker retires after it, then the
//! encoded answer (u64 length, bytes). A worker retires when a file made it grow past
//! `RETIRE_RESIDENT`, so one large return does not leave its memory to the next.
//!
//! A library user that does not call [`use_worker`] parses in-process (unit tests, fuzzing
//! without `--workers`).

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::answer::{decode, encode};
use super::error::{self, damaged};
use super::sandbox::{self, WORKER_MEMORY, WORKER_SECONDS};
use super::{Book, ReadError};

/// Wall-clock time after which a worker reading one file is killed.
pub const WORKER_WALL: Duration = Duration::from_secs(20);
/// The hidden subcommand a worker runs.
pub const WORKER_COMMAND: &str = "__read-worker";
/// The largest file sent to a worker; a return is a few hundred kilobytes.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// The largest answer the parent accepts: a book within the reader's limits is smaller.
const MAX_ANSWER_BYTES: u64 = 160 << 20;
/// The size asked for each pipe to and from a worker: a return and its answer in one go
/// (Linux lets a process set up to 1 MB, /proc/sys/fs/pipe-max-size).
const PIPE_BYTES: libc::c_int = 1 << 20;
/// A worker whose resident size grew past this retires after its answer.
const RETIRE_RESIDENT: u64 = 96 << 20;

/// The pool of workers, once `use_worker` set it up.
static POOL: OnceLock<Pool> = OnceLock::new();

/// Parse every file in worker processes of `exe` (the running `digiaste` binary), at most
/// [`readers`] at a time.
pub fn use_worker(exe: PathBuf) {
    let _ = POOL.set(Pool::new(exe, readers(), WORKER_WALL));
}

/// How many files are best read at once: one more than there are processors. A file's
/// reader waits while its worker parses and the worker while the reader checks the answer,
/// so with one pair per processor a processor idles at every hand-over; the extra pair
/// fills those gaps (308 returns on 2 processors: reading 15–20 % sooner, BENCHMARKS.md).
pub fn readers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) + 1
}

/// Ends the idle workers, so their memory is given back while the run writes its outputs
/// (a later file starts new ones).
pub fn release_workers() {
    if let Some(pool) = POOL.get() {
        pool.release();
    }
}

/// Parses `data` (a file whose name ends in `ext`): in a worker when the pool is set up,
/// otherwise here.
pub(super) fn parse(data: &[u8], ext: &str) -> Result<Book, ReadError> {
    match POOL.get() {
        Some(pool) => pool.read(data, ext),
        None => super::parse_here(data, ext),
    }
}

/// One worker process and its pipes.
struct Worker {
    child: Child,
    to: ChildStdin,
    from: ChildStdout,
}

impl Worker {
    /// The worker on its pipes: the one to it does not block (`transfer` waits for it with
    /// `poll`), and both hold a whole return where the system allows (fewer wake-ups).
    fn new(child: Child, to: ChildStdin, from: ChildStdout) -> Worker {
        for fd in [to.as_raw_fd(), from.as_raw_fd()] {
            // SAFETY: fcntl on a pipe this process owns; a refusal changes nothing.
            unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, PIPE_BYTES) };
        }
        let fd = to.as_raw_fd();
        // SAFETY: as above; the flags are read, then set with O_NONBLOCK added.
        unsafe {
            libc::fcntl(fd, libc::F_SETFL, libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK)
        };
        Worker { child, to, from }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Idle workers and how many exist, with a condition to wait for one.
struct Pool {
    exe: PathBuf,
    size: usize,
    wall: Duration,
    state: Mutex<(Vec<Worker>, usize)>,
    free: Condvar,
}

impl Pool {
    fn new(exe: PathBuf, size: usize, wall: Duration) -> Pool {
        Pool { exe, size, wall, state: Mutex::new((Vec::new(), 0)), free: Condvar::new() }
    }

    /// An idle worker, a new one if there is room, or the next one freed.
    fn take(&self) -> Result<Worker, ReadError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(w) = state.0.pop() {
                return Ok(w);
            }
            if state.1 < self.size {
                state.1 += 1;
                drop(state);
                return self.spawn().inspect_err(|_| self.gone());
            }
            state = self.free.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn spawn(&self) -> Result<Worker, ReadError> {
        let mut child = Command::new(&self.exe)
            .arg(WORKER_COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| damaged(format!("cannot start the reader ({e})")))?;
        let (to, from) = (child.stdin.take(), child.stdout.take());
        match (to, from) {
            (Some(to), Some(from)) => Ok(Worker::new(child, to, from)),
            _ => Err(damaged("cannot start the reader (no pipes)")),
        }
    }

    /// Ends every idle worker.
    fn release(&self) {
        let idle: Vec<Worker> = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let idle = std::mem::take(&mut state.0);
            state.1 -= idle.len();
            idle
        };
        // Each is killed and waited for (`Drop`), outside the lock.
        drop(idle);
        self.free.notify_all();
    }

    /// A worker is back and idle.
    fn give_back(&self, w: Worker) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0.push(w);
        self.free.notify_one();
    }

    /// A worker is gone (killed, retired or never started): room for a new one.
    fn gone(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 -= 1;
        self.free.notify_one();
    }

    fn read(&self, data: &[u8], ext: &str) -> Result<Book, ReadError> {
        let mut worker = self.take()?;
        match exchange(&mut worker, data, ext, self.wall) {
            Exchange::Answer { answer, retire: false } => {
                self.give_back(worker);
                answer
            }
            Exchange::Answer { answer, retire: true } => {
                let _ = worker.to.flush();
                drop(worker);
                self.gone();
                answer
            }
            Exchange::Failed(why) => {
                let _ = worker.child.kill();
                let status = worker.child.wait().ok();
                drop(worker);
                self.gone();
                Err(stopped(why, status, self.wall))
            }
        }
    }
}

/// What became of one file sent to a worker.
enum Exchange {
    Answer { answer: Result<Book, ReadError>, retire: bool },
    Failed(Failure),
}

/// Why a worker gave no answer.
#[derive(Debug, Clone, Copy)]
enum Failure {
    /// It took longer than `WORKER_WALL`.
    Hang,
    /// It ended or closed its pipes (a crash, an allocation failure, a limit).
    Ended,
    /// It answered something that is no answer.
    Garbled,
}

/// The reason told for a file whose worker gave no answer.
fn stopped(why: Failure, status: Option<std::process::ExitStatus>, wall: Duration) -> ReadError {
    use std::os::unix::process::ExitStatusExt;
    let signal = status.and_then(|s| s.signal());
    match (why, signal) {
        (Failure::Hang, _) => {
            error::stopped("reason_stopped_wall", &[("s", wall.as_secs().to_string())])
        }
        (_, Some(libc::SIGXCPU)) => {
            error::stopped("reason_stopped_cpu", &[("s", WORKER_SECONDS.to_string())])
        }
        (_, Some(libc::SIGABRT)) => {
            error::stopped("reason_stopped_memory", &[("mb", (WORKER_MEMORY >> 20).to_string())])
        }
        // A worker that answered nonsense was killed by the parent: its signal says nothing.
        (Failure::Garbled, _) | (Failure::Ended, None) => {
            damaged("the reader gave no answer for it")
        }
        (_, Some(n)) => error::stopped("reason_stopped_crash", &[("signal", n.to_string())]),
    }
}

/// Sends `data` and reads the answer, within `wall`.
fn exchange(w: &mut Worker, data: &[u8], ext: &str, wall: Duration) -> Exchange {
    let deadline = Instant::now() + wall;
    let ext = &ext.as_bytes()[..ext.len().min(16)];
    let mut head = Vec::with_capacity(9 + ext.len());
    head.push(ext.len() as u8);
    head.extend_from_slice(ext);
    head.extend_from_slice(&(data.len() as u64).to_le_bytes());
    match transfer(w, [&head, data], deadline) {
        Ok((retire, body)) => match decode(&body) {
            Some(answer) => Exchange::Answer { answer, retire },
            None => Exchange::Failed(Failure::Garbled),
        },
        Err(why) => Exchange::Failed(why),
    }
}

/// Writes `request` to the worker while its answer is read, on this one thread: the pipe
/// to the worker does not block (`Worker::new`), so a worker that stops reading cannot
/// hold the parent past `deadline`. Returns the answer frame's retire flag and body. The
/// answer buffer grows as bytes arrive, never reserved from a claimed length.
fn transfer(
    w: &Worker,
    request: [&[u8]; 2],
    deadline: Instant,
) -> Result<(bool, Vec<u8>), Failure> {
    let (to, from) = (w.to.as_raw_fd(), w.from.as_raw_fd());
    let [mut pending, mut next] = request;
    let mut got: Vec<u8> = Vec::new();
    // The whole frame's length, once its head is in.
    let mut frame: Option<usize> = None;
    loop {
        if pending.is_empty() && !next.is_empty() {
            (pending, next) = (next, &[]);
        }
        let writing = !pending.is_empty();
        if frame.is_some_and(|n| got.len() == n) {
            // The worker reads the whole request before it answers.
            return if writing {
                Err(Failure::Garbled)
            } else {
                Ok((got[0] == 1, got.split_off(9)))
            };
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Hang);
        }
        let mut fds = [
            libc::pollfd { fd: from, events: libc::POLLIN, revents: 0 },
            libc::pollfd { fd: to, events: libc::POLLOUT, revents: 0 },
        ];
        let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
        // SAFETY: `fds` holds 1 or 2 valid pollfds for the duration of the call.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 1 + libc::nfds_t::from(writing), ms) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(Failure::Ended);
        }
        if writing && fds[1].revents != 0 {
            // SAFETY: writes at most `pending.len()` bytes from `pending`.
            let put = unsafe { libc::write(to, pending.as_ptr().cast(), pending.len()) };
            if put >= 0 {
                pending = &pending[put as usize..];
            } else if !would_block() {
                return Err(Failure::Ended);
            }
        }
        if fds[0].revents != 0 {
            let want = frame.unwrap_or(9) - got.len();
            got.reserve(want.min(1 << 16));
            let room = (got.capacity() - got.len()).min(want);
            // SAFETY: reads at most `room` bytes into the spare capacity of `got`, then
            // counts only the bytes read.
            let read = unsafe { libc::read(from, got.as_mut_ptr().add(got.len()).cast(), room) };
            match read {
                0 => return Err(Failure::Ended),
                k if k < 0 => {
                    if !would_block() {
                        return Err(Failure::Ended);
                    }
                }
                // SAFETY: the kernel wrote `k` bytes there.
                k => unsafe { got.set_len(got.len() + k as usize) },
            }
            if frame.is_none() && got.len() == 9 {
                let len = u64::from_le_bytes(got[1..9].try_into().unwrap_or([0xff; 8]));
                if got[0] > 1 || len > MAX_ANSWER_BYTES {
                    return Err(Failure::Garbled);
                }
                frame = Some(9 + len as usize);
            }
        }
    }
}

/// The last call was interrupted or would have blocked: try again.
fn would_block() -> bool {
    matches!(
        std::io::Error::last_os_error().kind(),
        std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock
    )
}

/// The worker's side (`digiaste __read-worker`): enters the sandbox, then answers requests
/// on standard input until it closes. Returns the exit code.
pub fn serve() -> u8 {
    if std::env::args_os().nth(2).is_some_and(|a| a == "--probe") {
        print!("{}", sandbox::probe());
        return 0;
    }
    sandbox::enter();
    let (mut input, mut output) = (std::io::stdin().lock(), std::io::stdout().lock());
    loop {
        let Some((ext, data)) = read_request(&mut input) else { return 0 };
        sandbox::allow_cpu_for_one_file();
        let answer = std::panic::catch_unwind(|| super::parse_here(&data, &ext))
            .unwrap_or_else(|_| Err(damaged("the reader failed on it")));
        drop(data);
        let mut body = Vec::new();
        encode(&answer, &mut body);
        drop(answer);
        let retire = sandbox::peak_resident() > RETIRE_RESIDENT;
        let mut frame = vec![u8::from(retire)];
        frame.extend_from_slice(&(body.len() as u64).to_le_bytes());
        if output
            .write_all(&frame)
            .and_then(|_| output.write_all(&body))
            .and_then(|_| output.flush())
            .is_err()
        {
            return 2;
        }
        if retire {
            return 0;
        }
    }
}

/// One request from the parent; `None` when the parent is done (or sent something else).
fn read_request(input: &mut impl Read) -> Option<(String, Vec<u8>)> {
    let mut len = [0u8; 1];
    input.read_exact(&mut len).ok()?;
    let mut ext = vec![0u8; len[0] as usize];
    input.read_exact(&mut ext).ok()?;
    let mut size = [0u8; 8];
    input.read_exact(&mut size).ok()?;
    let size = u64::from_le_bytes(size);
    if size > MAX_FILE_BYTES {
        return None;
    }
    let mut data = Vec::new();
    input.take(size).read_to_end(&mut data).ok()?;
    (data.len() as u64 == size).then(|| (String::from_utf8_lossy(&ext).into_owned(), data))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A "worker" that is a script: `body` is what it does with the request.
    fn pool_of(dir: &std::path::Path, body: &str, wall: Duration) -> Pool {
        use std::os::unix::fs::PermissionsExt;
        let exe = dir.join("worker.sh");
        std::fs::write(&exe, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        Pool::new(exe, 1, wall)
    }

    /// Released, the idle workers end and leave the pool; the next file starts a new one.
    #[test]
    fn released_workers_end() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_of(dir.path(), "exec sleep 30", Duration::from_secs(5));
        let w = pool.take().unwrap();
        let pid = w.child.id() as libc::pid_t;
        pool.give_back(w);
        assert_eq!(pool.state.lock().unwrap().1, 1);
        pool.release();
        let state = pool.state.lock().unwrap();
        assert_eq!((state.0.len(), state.1), (0, 0));
        drop(state);
        // SAFETY: signal 0 only asks whether the process exists.
        assert_eq!(unsafe { libc::kill(pid, 0) }, -1, "the worker was ended and waited for");
        let again = pool.take().unwrap();
        assert_ne!(again.child.id() as libc::pid_t, pid);
    }

    /// A worker that hangs is killed after the wall time and replaced; one that answers
    /// nonsense or dies gives an unreadable file, never a book.
    #[test]
    fn hanging_garbled_and_dying_workers_give_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let hang = pool_of(dir.path(), "exec sleep 30", Duration::from_millis(300));
        let start = Instant::now();
        let err = hang.read(b"PK\x03\x04", "xlsx").unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(err.reason().key, "reason_stopped_wall");
        assert_eq!(hang.state.lock().unwrap().1, 0, "the killed worker left the pool");
        assert!(hang.read(b"x", "xlsx").is_err(), "a new worker is started for the next file");

        let garbled = pool_of(
            dir.path(),
            "printf '\\000\\377\\377\\377\\377\\377\\377\\377\\377'; exec sleep 30",
            Duration::from_secs(5),
        );
        assert_eq!(garbled.read(b"x", "xlsx").unwrap_err().reason().key, "reason_damaged");

        let dies = pool_of(dir.path(), "exit 3", Duration::from_secs(5));
        assert_eq!(dies.read(b"x", "xlsx").unwrap_err().reason().key, "reason_damaged");
        let aborts = pool_of(dir.path(), "kill -ABRT $$", Duration::from_secs(5));
        assert_eq!(aborts.read(b"x", "xlsx").unwrap_err().reason().key, "reason_stopped_memory");
    }
}
