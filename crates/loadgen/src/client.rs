//! A bare HTTP/1.1 client: one keep-alive connection, requests one after another on it.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Method, Request, Response, StatusCode, body::Incoming, header};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpSocket, TcpStream};

/// Where requests go: the server's address, the `Host` header and the path with its query.
#[derive(Clone, Debug)]
pub struct Target {
    pub addr: SocketAddr,
    pub host: String,
    pub path: String,
}

impl Target {
    /// Parses `http://HOST:PORT/path?query` (HOST an IP address or `localhost`).
    pub async fn parse(url: &str) -> Result<Self, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url:?}: only http:// URLs are supported"))?;
        let (host, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, "/"),
        };
        let with_port = if host.contains(':') && !host.ends_with(']') {
            host.to_owned()
        } else {
            format!("{host}:80")
        };
        let addr = tokio::net::lookup_host(&with_port)
            .await
            .map_err(|e| format!("{url:?}: cannot resolve {host}: {e}"))?
            .next()
            .ok_or_else(|| format!("{url:?}: {host} has no address"))?;
        Ok(Self {
            addr,
            host: host.to_owned(),
            path: path.to_owned(),
        })
    }

    /// The same server with another path.
    pub fn with_path(&self, path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..self.clone()
        }
    }

    /// A request to this target; a non-empty body is sent as JSON.
    pub fn request(
        &self,
        method: Method,
        headers: &[(String, String)],
        body: Bytes,
    ) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(method)
            .uri(&self.path)
            .header(header::HOST, &self.host);
        if !body.is_empty() {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        builder
            .body(Full::new(body))
            .expect("method, path and headers were checked when parsed")
    }
}

/// One open keep-alive connection.
pub type Connection = SendRequest<Full<Bytes>>;

/// Opens a connection to `addr`, from the local address `source` when given.
pub async fn connect(addr: SocketAddr, source: Option<IpAddr>) -> Result<Connection, String> {
    let stream = match source {
        None => TcpStream::connect(addr).await,
        Some(source) => {
            let socket = if source.is_ipv4() {
                TcpSocket::new_v4()
            } else {
                TcpSocket::new_v6()
            }
            .map_err(|e| format!("socket: {e}"))?;
            socket
                .bind(SocketAddr::new(source, 0))
                .map_err(|e| format!("cannot bind {source}: {e}"))?;
            socket.connect(addr).await
        }
    }
    .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream
        .set_nodelay(true)
        .map_err(|e| format!("TCP_NODELAY: {e}"))?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake with {addr}: {e}"))?;
    tokio::spawn(async move {
        // Ends when the sender is dropped or the server closes the connection.
        let _ = connection.await;
    });
    Ok(sender)
}

/// Sends `request` once the connection is ready and returns the response head; `Err(None)`
/// when the connection had been closed before sending (reconnect and retry), `Err(Some(_))`
/// when the request itself failed.
pub async fn start(
    connection: &mut Connection,
    request: Request<Full<Bytes>>,
) -> Result<Response<Incoming>, Option<String>> {
    connection.ready().await.map_err(|_| None)?;
    connection
        .send_request(request)
        .await
        .map_err(|e| Some(e.to_string()))
}

/// Sends `request` and reads the whole response: its status, headers and body.
pub async fn send(
    connection: &mut Connection,
    request: Request<Full<Bytes>>,
) -> Result<(StatusCode, hyper::HeaderMap, Bytes), Option<String>> {
    let response = start(connection, request).await?;
    let (head, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| Some(format!("reading the body: {e}")))?
        .to_bytes();
    Ok((head.status, head.headers, body))
}

/// One request on a fresh connection, for setup steps; an answer must start within 30 s.
pub async fn once(
    target: &Target,
    method: Method,
    headers: &[(String, String)],
    body: Bytes,
    source: Option<IpAddr>,
) -> Result<(StatusCode, hyper::HeaderMap, Bytes), String> {
    let mut connection = connect(target.addr, source).await?;
    let request = target.request(method, headers, body);
    tokio::time::timeout(Duration::from_secs(30), send(&mut connection, request))
        .await
        .unwrap_or_else(|_| Err(Some("no answer within 30 s".to_owned())))
        .map_err(|e| {
            format!(
                "{} {}: {}",
                target.host,
                target.path,
                e.unwrap_or_else(|| "connection closed".to_owned())
            )
        })
}
