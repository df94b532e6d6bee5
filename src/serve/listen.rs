//! Binding the preview's port and saying where it listens, with a warning when it is reachable
//! from other machines: the preview serves every file in it and is meant for this machine only.

use crate::diag::Error;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};

/// Binds the first free port from `port` (up to ten tries), or any free port when `port` is 0;
/// gives the listener and the address it is bound to.
pub(super) fn bind(interface: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), Error> {
    let tries: Vec<u16> = if port == 0 { vec![0] } else { (0..10).map_while(|k| port.checked_add(k)).collect() };
    let mut last = None;
    for &p in &tries {
        match TcpListener::bind(SocketAddr::new(interface, p)).and_then(|l| l.local_addr().map(|a| (l, a))) {
            Ok(bound) => {
                if p != port {
                    eprintln!("port {port} is taken; using {p}");
                }
                return Ok(bound);
            }
            Err(e) => last = Some(e),
        }
    }
    let source = last.expect("at least one port is tried");
    Err(Error::Listen { addr: SocketAddr::new(interface, port), more: tries.len() as u16 - 1, source })
}

/// What to tell the user about a bound address.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Listening {
    /// A URL that works from this machine (loopback when listening on all interfaces).
    pub url: String,
    /// The real bound address, e.g. `0.0.0.0:1111 (all interfaces)`; `None` for loopback,
    /// where the URL already says it.
    pub address: Option<String>,
    /// Printed on stderr when other machines can reach the server.
    pub warning: Option<String>,
}

/// Describes `addr`, the address the server is bound to.
pub(super) fn describe(addr: SocketAddr) -> Listening {
    let ip = addr.ip().to_canonical();
    let local = match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    };
    let url = format!("http://{}/", SocketAddr::new(local, addr.port()));
    if ip.is_loopback() {
        return Listening { url, address: None, warning: None };
    }
    let address = format!("{addr}{}", if ip.is_unspecified() { " (all interfaces)" } else { "" });
    let warning = format!(
        "warning: listening on {address}: other machines can reach this preview, and it serves \
         every file in it (drafts too with --drafts). It is meant for this machine only; leave \
         --interface at 127.0.0.1 unless you mean to share it on a network you trust."
    );
    Listening { url, address: Some(address), warning: Some(warning) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Listening {
        describe(s.parse().unwrap())
    }

    #[test]
    fn loopback_needs_no_warning() {
        assert_eq!(
            at("127.0.0.1:1111"),
            Listening { url: "http://127.0.0.1:1111/".into(), address: None, warning: None }
        );
        assert_eq!(at("[::1]:1111").url, "http://[::1]:1111/");
        assert_eq!(at("[::ffff:127.0.0.1]:1111").warning, None);
    }

    #[test]
    fn all_interfaces_say_so_warn_and_give_a_local_url() {
        let l = at("0.0.0.0:1111");
        assert_eq!(l.url, "http://127.0.0.1:1111/");
        assert_eq!(l.address.as_deref(), Some("0.0.0.0:1111 (all interfaces)"));
        assert!(l.warning.unwrap().starts_with("warning: listening on 0.0.0.0:1111 (all interfaces): "));
        let l = at("[::]:1111");
        assert_eq!(l.url, "http://[::1]:1111/");
        assert_eq!(l.address.as_deref(), Some("[::]:1111 (all interfaces)"));
    }

    #[test]
    fn one_outside_address_is_its_own_url() {
        let l = at("192.168.1.5:1111");
        assert_eq!(l.url, "http://192.168.1.5:1111/");
        assert_eq!(l.address.as_deref(), Some("192.168.1.5:1111"));
        assert!(l.warning.is_some());
    }
}
