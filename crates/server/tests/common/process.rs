//! Real `storefront-server` processes on a test's database, and a minimal HTTP client that
//! tells a complete answer from one cut short by a kill.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{DATABASE_FILE, TestApp};

/// Longest any one HTTP exchange may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The running binary; killed (SIGKILL) when dropped, so a failing test leaves nothing behind.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Starts the server on `test`'s database (the file, or the PostgreSQL database) on a free
    /// port, with a rate limit the tests cannot reach and the carrier simulator running at
    /// `sim_speed` (not at all when `None`), and waits for it to print its address.
    pub async fn start(test: &TestApp, sim_speed: Option<u32>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_storefront-server"));
        command.args(["--addr", "127.0.0.1:0"]).args([
            "--rate-limit-per-minute",
            "100000",
            "--rate-limit-burst",
            "100000",
        ]);
        match sim_speed {
            Some(speed) => command.args(["--sim-speed", &speed.to_string()]),
            None => command.arg("--no-sim"),
        };
        match &test.url {
            Some(url) => command.args(["--database-url", url]),
            None => command.arg("--db").arg(test.dir().join(DATABASE_FILE)),
        };
        let child = command
            // No ./dist there: the server serves the API only.
            .current_dir(test.dir())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start storefront-server");
        let mut server = Self {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
        };
        // Read stdout to the end (logs go there too, and a full pipe would stall the server),
        // passing on the address line.
        let stdout = server.child.stdout.take().unwrap();
        let (address, printed) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut address = Some(address);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("Storefront listening on http://")
                    && let Some(address) = address.take()
                {
                    let _ = address.send(addr.trim().to_owned());
                }
                eprintln!("[server] {line}");
            }
        });
        let addr = tokio::time::timeout(Duration::from_secs(15), printed)
            .await
            .expect("the server did not print its address in time")
            .expect("the server exited before listening");
        server.addr = addr.parse().unwrap();
        server
    }

    /// SIGKILL, then reaps the process.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client

/// A complete response: status and JSON body (`Null` when empty).
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

/// One request on its own connection (`Connection: close`); `Err` unless a complete response
/// came back: a refused connection, a reset, or a response cut short.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Result<Reply, String> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let exchange = async {
        let mut stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .write_all(format!("{head}{body}").as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .await
            .map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(raw)
    };
    let raw = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{method} {path}: no answer in {REQUEST_TIMEOUT:?}"))??;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<Reply, String> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("incomplete response head ({} bytes)", raw.len()))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|e| e.to_string())?;
    let rest = &raw[end + 4..];
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let mut length = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(length) = length {
        if rest.len() != length {
            return Err(format!("body of {} bytes, {length} announced", rest.len()));
        }
        rest.to_vec()
    } else {
        rest.to_vec()
    };
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| format!("body: {e}"))?
    };
    Ok(Reply { status, body })
}

/// The body of a chunked response; `Err` unless its last (empty) chunk arrived.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunk size cut short")?;
        let size = std::str::from_utf8(&rest[..end]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("chunk size {size:?}: {e}"))?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err("chunk cut short".into());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
