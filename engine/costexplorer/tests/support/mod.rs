//! A Cost Explorer stand-in on 127.0.0.1: it speaks the JSON 1.1 protocol over HTTP/1.1, records
//! each request (target, headers, JSON body) and answers from a script.
#![allow(dead_code)] // each test binary uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::thread;

/// How the server answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An HTTP status and a body, served as `application/x-amz-json-1.1`.
    Json(u16, String),
    /// Reads the request and never answers (until the client hangs up).
    Silent,
    /// Reads the request and closes the connection without a word.
    Close,
}

/// A recorded response from tests/responses.
pub fn recorded(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/responses").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// An error answer as Cost Explorer writes it: HTTP 400 and `__type`.
pub fn api_error(code: &str, message: &str) -> Reply {
    Reply::Json(400, serde_json::json!({ "__type": code, "Message": message }).to_string())
}

#[derive(Clone, Debug)]
pub struct Request {
    pub target: String,
    pub content_type: String,
    pub authorization: String,
    pub body: serde_json::Value,
}

pub struct MockServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    connections: Arc<AtomicUsize>,
}

impl MockServer {
    /// Serves `replies` in order, one per request; the last one is repeated.
    pub fn start(replies: Vec<Reply>) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (seen, counted) = (requests.clone(), connections.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let (seen, replies) = (seen.clone(), replies.clone());
                thread::spawn(move || serve(stream, &seen, &replies));
            }
        });
        MockServer { url, requests, connections }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("requests lock").clone()
    }

    /// TCP connections accepted so far (each attempt of the SDK's retries opens one).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Request>>, replies: &[Reply]) {
    let mut reader = BufReader::new(stream);
    let Some(request) = read_request(&mut reader) else { return };
    let index = {
        let mut seen = seen.lock().expect("requests lock");
        seen.push(request);
        seen.len() - 1
    };
    let reply = replies.get(index).or(replies.last()).cloned().unwrap_or(Reply::Close);
    let mut stream = reader.into_inner();
    match reply {
        Reply::Json(status, body) => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\
                 x-amzn-RequestId: 6c3b5d2e-0000-4000-8000-000000000000\r\nConnection: close\r\n\r\n",
                match status {
                    200 => "OK",
                    500 => "Internal Server Error",
                    _ => "Bad Request",
                },
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
        }
        // Hold the connection until the client gives up and closes it.
        Reply::Silent => while stream.read(&mut [0; 256]).is_ok_and(|read| read > 0) {},
        Reply::Close => {}
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            break;
        }
        headers.push(line);
    }
    let header = |name: &str| {
        headers.iter().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_string())
        })
    };
    let length: usize = header("content-length").and_then(|length| length.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        target: header("x-amz-target").unwrap_or_default(),
        content_type: header("content-type").unwrap_or_default(),
        authorization: header("authorization").unwrap_or_default(),
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    })
}

static ISOLATE: Once = Once::new();

/// Makes the credential chain see only what the test says: no ~/.aws, no instance metadata,
/// no endpoint override from the machine; static keys when `with_keys`. Once per test binary,
/// before any test reads the environment.
pub fn isolate_environment(with_keys: bool, endpoint: Option<&str>) {
    ISOLATE.call_once(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        for (variable, file) in [("AWS_CONFIG_FILE", "config"), ("AWS_SHARED_CREDENTIALS_FILE", "credentials")] {
            let path = dir.join(file);
            std::fs::write(&path, "").expect("empty AWS file");
            std::env::set_var(variable, path);
        }
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        for variable in [
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_COST_EXPLORER",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_MAX_ATTEMPTS",
            "AWS_RETRY_MODE",
        ] {
            std::env::remove_var(variable);
        }
        if with_keys {
            std::env::set_var("AWS_ACCESS_KEY_ID", "AKIDTESTTOLLGATE");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "test-secret");
        }
        if let Some(endpoint) = endpoint {
            std::env::set_var("AWS_ENDPOINT_URL", endpoint);
        }
    });
}
