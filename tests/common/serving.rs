//! The real `limber serve` on a free port of 127.0.0.1, in a temporary
//! guide, and clients for it: a well-behaved one (ureq) and raw sockets for
//! requests written by hand. Every wait is bounded; all traffic stays on
//! this machine.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::Guide;

/// Generous, for a busy two-core machine; loops end as soon as they can.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Serving {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub port: u16,
    stdout: Receiver<String>,
    /// Everything printed on standard error so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
}

/// How to start `serve`, beyond the defaults.
#[derive(Default)]
pub struct Start<'a> {
    /// More arguments, such as `["--allow-host", "preview.test"]`.
    pub args: &'a [&'a str],
    /// The open-file limit (soft and hard) of the server process.
    pub open_files: Option<u64>,
}

impl Serving {
    pub fn start(g: &Guide) -> Serving {
        Serving::start_with(g, Start::default())
    }

    pub fn start_with(g: &Guide, how: Start) -> Serving {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_limber"));
        cmd.args(["serve", "--port", "0", "--root"])
            .arg(g.root())
            .args(how.args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(n) = how.open_files {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe and touches only the
            // child, between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    let limit = libc::rlimit {
                        rlim_cur: n,
                        rlim_max: n,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        let mut child = cmd.spawn().expect("limber serve starts");
        let (tx, stdout) = channel();
        let out = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let err = child.stderr.take().expect("piped stderr");
        let lines = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                lines.lock().expect("stderr lines").push(line);
            }
        });
        let mut s = Serving {
            child,
            base: String::new(),
            port: 0,
            stdout,
            stderr,
        };
        let line = s.wait_for_line("Serving ");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        s.base = url.trim_end_matches('/').to_owned();
        s.port = s.base.rsplit(':').next().unwrap().parse().unwrap();
        s
    }

    pub fn wait_for_line(&self, fragment: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(fragment) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("limber serve never printed {fragment:?}");
    }

    pub fn get(&self, path: &str) -> Reply {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let mut r = agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let content_type = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        Reply {
            status: r.status().as_u16(),
            content_type,
            body: r.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    /// A request written by hand, so that the target reaches the server
    /// exactly as written (a URL library would tidy `..` away).
    pub fn raw(&self, target: &str) -> Reply {
        let mut s = self.connect();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        let _ = s.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            content_type: String::new(),
            body: response,
        }
    }

    /// A socket to the server whose reads and writes give up after 10 s, so
    /// that a server that stopped answering fails the test, not hangs it.
    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// The live-reload state, as the page's script sees it.
    pub fn state(&self) -> serde_json::Value {
        let r = self.get("/__limber/poll");
        assert_eq!(r.status, 200);
        serde_json::from_str(&r.body).expect("JSON state")
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Still running: it did not crash on what the test sent.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().expect("wait") {
            panic!(
                "limber serve ended ({status:?}):\n{}",
                self.stderr.lock().unwrap().join("\n")
            );
        }
    }

    /// A kilobyte field of /proc/<pid>/status, such as `VmHWM` (the peak
    /// resident memory).
    pub fn memory_kb(&self, field: &str) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc status"))
    }

    /// Waits for the process to end; its exit status and how long it took.
    pub fn wait_exit(&mut self, limit: Duration) -> (std::process::ExitStatus, Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, started.elapsed());
            }
            assert!(
                started.elapsed() < limit,
                "still running {limit:?} after the signal"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// One response read off `stream`: its status, its head's lines (names in
/// lower case) and its body, by its `Content-Length`. `None` if the server
/// closed the connection before a whole response; a read timeout panics.
pub fn read_response(stream: &mut BufReader<TcpStream>) -> Option<(u16, Vec<String>, Vec<u8>)> {
    let mut status_line = String::new();
    match stream.read_line(&mut status_line) {
        Ok(0) => return None,
        Ok(_) => {}
        Err(e) if is_timeout(&e) => panic!("no response within the read timeout"),
        Err(_) => return None,
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        match stream.read_line(&mut line) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => panic!("response head cut short"),
            Err(_) => return None,
        }
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        let line = match line.split_once(':') {
            Some((name, value)) => format!("{}:{value}", name.to_ascii_lowercase()),
            None => line,
        };
        head.push(line);
    }
    let length: usize = head
        .iter()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).ok()?;
    Some((status, head, body))
}

pub fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// Polls `ok` until it holds, for at most [`PATIENCE`].
pub fn eventually(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

pub fn signal(pid: i32, sig: i32) {
    // SAFETY: sending a signal to a child process this test started.
    let rc = unsafe { libc::kill(pid, sig) };
    assert_eq!(rc, 0, "kill -{sig} {pid}");
}

pub fn sigint(pid: i32) {
    signal(pid, libc::SIGINT);
}
