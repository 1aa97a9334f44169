//! The server over a real TCP socket on a free port.

use storefront_server::store::Store;
use storefront_server::{AppState, app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn serves_the_api_over_a_real_socket() {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Store::open_sqlite(&dir.path().join("socket.db"))
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        axum::serve(listener, app(AppState::new(store), None))
            .await
            .unwrap();
    });

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"GET /api/products?lang=de HTTP/1.1\r\nHost: store\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    server.abort();

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
