//! The server over a real TCP socket on a free port, as `storefront-server` serves it: within
//! its connection limits.

use std::net::SocketAddr;
use std::time::Duration;

use storefront_server::connections::{self, ConnectionLimits};
use storefront_server::store::Store;
use storefront_server::{AppState, app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Serves the app with `limits` on a free port until the test ends.
async fn start(limits: ConnectionLimits) -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Store::open_sqlite(&dir.path().join("socket.db"))
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(AppState::new(store), None);
    tokio::spawn(connections::serve(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    (addr, dir)
}

const HEALTH: &[u8] = b"GET /api/health HTTP/1.1\r\nHost: store\r\n\r\n";

/// Reads what the server sends until it closes the connection or `wait` passes; whether it
/// closed, and what it sent.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> (bool, String) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return (true, String::from_utf8_lossy(&received).into()),
            Ok(Ok(read)) => received.extend_from_slice(&buffer[..read]),
            Err(_) => return (false, String::from_utf8_lossy(&received).into()),
        }
    }
}

#[tokio::test]
async fn serves_the_api_over_a_real_socket() {
    let (addr, _dir) = start(ConnectionLimits::default()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"GET /api/products?lang=de HTTP/1.1\r\nHost: store\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();

    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(
        response.contains("content-type: application/json"),
        "{response}"
    );
    assert!(
        response.contains("Handgedrehte Matcha-Schale"),
        "{response}"
    );
}

#[tokio::test]
async fn a_request_head_that_never_ends_and_an_idle_connection_are_closed() {
    let limits = ConnectionLimits {
        head_timeout: Duration::from_millis(300),
        ..ConnectionLimits::default()
    };
    let (addr, _dir) = start(limits).await;

    // A slow-header client: the head's first line, then nothing.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: st")
        .await
        .unwrap();
    let (closed, _) = read_until_closed(&mut slow, Duration::from_secs(3)).await;
    assert!(
        closed,
        "a head unfinished after 300 ms keeps its connection"
    );

    // A client that connects and says nothing.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let (closed, sent) = read_until_closed(&mut silent, Duration::from_secs(3)).await;
    assert!(closed, "a silent connection is kept");
    assert!(!sent.contains("200 OK"), "{sent}");

    // A kept-alive connection idle after its answer.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(HEALTH).await.unwrap();
    let (closed, sent) = read_until_closed(&mut idle, Duration::from_secs(3)).await;
    assert!(sent.starts_with("HTTP/1.1 200 OK"), "{sent}");
    assert!(closed, "an idle kept-alive connection is kept");
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let limits = ConnectionLimits {
        max_connections: 2,
        ..ConnectionLimits::default()
    };
    let (addr, _dir) = start(limits).await;
    let mut first = TcpStream::connect(addr).await.unwrap();
    first.write_all(HEALTH).await.unwrap();
    let mut second = TcpStream::connect(addr).await.unwrap();
    second.write_all(HEALTH).await.unwrap();
    for stream in [&mut first, &mut second] {
        let mut buffer = [0u8; 1024];
        let read = stream.read(&mut buffer).await.unwrap();
        assert!(buffer[..read].starts_with(b"HTTP/1.1 200 OK"));
    }

    // Both kept alive: the third waits in the backlog, unanswered.
    let mut third = TcpStream::connect(addr).await.unwrap();
    third.write_all(HEALTH).await.unwrap();
    let mut buffer = [0u8; 1024];
    let early = tokio::time::timeout(Duration::from_millis(300), third.read(&mut buffer)).await;
    assert!(early.is_err(), "answered past the cap");

    drop(first);
    let read = tokio::time::timeout(Duration::from_secs(3), third.read(&mut buffer))
        .await
        .expect("still waiting after a connection closed")
        .unwrap();
    assert!(buffer[..read].starts_with(b"HTTP/1.1 200 OK"));
}
